import APIServerEmulator
import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import KubeClient
import Synchronization
import Testing

/// Counts the controller's API answers by status code, passing everything through.
final class AnswerCounter: KubeTransport {
    let inner: any KubeTransport
    private let codes = Mutex<[Int: Int]>([:])

    init(_ inner: any KubeTransport) { self.inner = inner }

    func send(_ request: KubeRequest) async throws -> KubeResponse {
        let response = try await inner.send(request)
        codes.withLock { $0[response.status, default: 0] += 1 }
        return response
    }

    func stream(_ request: KubeRequest) async throws -> KubeStreamResponse { try await inner.stream(request) }

    func count(_ code: Int) -> Int { codes.withLock { $0[code, default: 0] } }
}

/// Counts plans and reconciles (by result).
final class PlanTally: Sendable {
    private let state = Mutex<(plans: Int, reconciles: [ReconcileResult: Int])>((0, [:]))

    var planner: @Sendable (PlanInput) -> Plan {
        { [self] input in
            state.withLock { $0.plans += 1 }
            return AccessRequestPlanner.plan(input)
        }
    }

    var observer: ReconcileObserver {
        { [self] _, _, result in state.withLock { $0.reconciles[result, default: 0] += 1 } }
    }

    var plans: Int { state.withLock { $0.plans } }
    var reconciles: Int { state.withLock { $0.reconciles.values.reduce(0, +) } }
    func reconciles(_ result: ReconcileResult) -> Int { state.withLock { $0.reconciles[result, default: 0] } }
}

/// The reconciler asks the core for one plan per attempt: a pass that meets no conflict plans once;
/// each 409 costs exactly one more attempt (gather live, plan again), never a second plan on the
/// same observation.
@Suite struct ControllerPlanOnceTests {
    @Test func theCorePlansExactlyOncePerAttemptThroughAWholeLifecycle() async throws {
        let tally = PlanTally()
        let h = try await ControllerHarness()
        try await h.start(observer: tally.observer, planner: tally.planner)
        try await h.create(AccessRequest.fixture(name: "once", duration: "10m"))
        try await h.waitFor("once", phase: .pending)
        try await h.review("once", as: "bob")
        try await h.waitFor("once", phase: .active)
        await h.clock.advance(by: .seconds(600))
        try await h.waitFor("once", phase: .expired)
        try await h.settled()
        #expect(tally.reconciles > 0)
        #expect(tally.plans == tally.reconciles, "\(tally.plans) plans for \(tally.reconciles) reconciles")
        await h.stop()
    }

    @Test func eachConflictCostsOneMoreAttemptAndOneMorePlan() async throws {
        let tally = PlanTally()
        let answers = Mutex<AnswerCounter?>(nil)
        let h = try await ControllerHarness()
        h.api.faults.add(
            .init(every: 2, failure: StatusError(code: 409, reason: "Conflict", message: "injected conflict")) {
                $0.method == "PUT" && $0.path.hasSuffix("/status")
            })
        try await h.start(
            transport: { inner in
                let counter = AnswerCounter(inner)
                answers.withLock { $0 = counter }
                return counter
            }, observer: tally.observer, planner: tally.planner)
        for name in ["c1", "c2", "c3"] { try await h.create(AccessRequest.fixture(name: name, duration: "10m")) }
        for name in ["c1", "c2", "c3"] { try await h.waitFor(name, phase: .pending) }
        for name in ["c1", "c2", "c3"] { try await h.review(name, as: "bob") }
        for name in ["c1", "c2", "c3"] { try await h.waitFor(name, phase: .active) }
        try await h.settled()
        let conflicts = try #require(answers.withLock { $0 }).count(409)
        #expect(conflicts > 0, "the fault was injected")
        // A reconcile that ends normally made one attempt plus one per conflict it met; one that ran
        // out of attempts (result .conflict) met a conflict on every attempt. So every plan is
        // either a reconcile's first attempt or answers exactly one conflict.
        let exhausted = tally.reconciles(.conflict)
        #expect(
            tally.plans == tally.reconciles - exhausted + conflicts,
            "\(tally.plans) plans, \(tally.reconciles) reconciles (\(exhausted) out of attempts), \(conflicts) conflicts"
        )
        await h.stop()
    }
}
