import APIServerEmulator
import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeTesting
import Foundation
import KubeClient
import Synchronization
import Testing

/// Leader election against the emulator, on test time, with the controller's own RBAC.
@Suite("Leader election on a Lease")
struct LeaderElectorTests {
    /// What the `lead` callbacks saw: "a+" when a's term starts, "a-" when it ends.
    final class Terms: Sendable {
        private let state = Mutex<[String]>([])
        func add(_ event: String) { state.withLock { $0.append(event) } }
        var events: [String] { state.withLock { $0 } }
    }

    static func elector(_ harness: EmulatorHarness, _ identity: String, release: Bool = true) -> LeaderElector {
        let clock = harness.clock
        return LeaderElector(
            config: LeaderElectionConfig(identity: identity, releaseOnCancel: release),
            client: harness.client("controller"), clock: clock, now: { clock.date }, logger: quietLogger)
    }

    /// Runs `elector`, recording its terms; the term lasts until cancelled.
    static func run(_ elector: LeaderElector, _ terms: Terms) -> Task<Void, Never> {
        let name = elector.config.identity
        return Task {
            await elector.run {
                terms.add("\(name)+")
                try? await Task.sleep(for: .seconds(100_000))
                terms.add("\(name)-")
            }
        }
    }

    /// Advances test time a second at a time, letting the electors (`sleepers` of them) finish their
    /// attempt and sleep again before the next second, until `condition` holds (at most a minute).
    static func step(_ clock: ManualClock, sleepers: Int, until condition: () -> Bool) async -> Bool {
        for _ in 0..<60 {
            if condition() { return true }
            await clock.advance(by: .seconds(1))
            await clock.waitForSleepers(atLeast: sleepers)
            await settle(yields: 1_000)
        }
        return condition()
    }

    static func lease(_ harness: EmulatorHarness) async throws -> Lease {
        try await harness.client("admin").get(Lease.self, name: "drawbridge-controller", namespace: "drawbridge-system")
    }

    @Test("One leader at a time; the standby keeps waiting while the leader renews; a clean stop hands over at once")
    func cleanHandover() async throws {
        let harness = try await EmulatorHarness()
        let terms = Terms()
        let a = Self.elector(harness, "a"), b = Self.elector(harness, "b")
        let runA = Self.run(a, terms)
        #expect(await eventually { a.isLeader && terms.events == ["a+"] })
        let runB = Self.run(b, terms)
        // A minute of renewals: a stays leader, b never acts.
        await harness.clock.waitForSleepers(atLeast: 2)
        for _ in 0..<30 {
            await harness.clock.advance(by: .seconds(2))
            await harness.clock.waitForSleepers(atLeast: 2)
        }
        #expect(a.isLeader && !b.isLeader)
        #expect(try await Self.lease(harness).spec.holderIdentity == "a")
        runA.cancel()
        await runA.value
        #expect(terms.events == ["a+", "a-"])
        #expect(try await Self.lease(harness).spec.holderIdentity == nil, "released on a clean stop")
        let stoppedAt = harness.clock.date
        #expect(await Self.step(harness.clock, sleepers: 1, until: { b.isLeader }))
        #expect(harness.clock.date.timeIntervalSince(stoppedAt) <= 2, "b took over at its next retry")
        #expect(terms.events == ["a+", "a-", "b+"])
        let lease = try await Self.lease(harness)
        #expect(lease.spec.holderIdentity == "b")
        #expect(lease.spec.leaseTransitions == 1)
        runB.cancel()
        await runB.value
    }

    @Test("A crashed leader's lease is taken only once it has gone unrenewed for the lease duration")
    func crashedLeader() async throws {
        let harness = try await EmulatorHarness()
        let terms = Terms()
        let a = Self.elector(harness, "a", release: false), b = Self.elector(harness, "b")
        let runA = Self.run(a, terms)
        #expect(await eventually { a.isLeader })
        let runB = Self.run(b, terms)
        await harness.clock.waitForSleepers(atLeast: 2)
        await harness.clock.advance(by: .seconds(2))
        await harness.clock.waitForSleepers(atLeast: 2)
        runA.cancel()  // a crash: no release
        await runA.value
        #expect(try await Self.lease(harness).spec.holderIdentity == "a")
        let crashedAt = harness.clock.date
        #expect(await Self.step(harness.clock, sleepers: 1, until: { b.isLeader }))
        let waited = harness.clock.date.timeIntervalSince(crashedAt)
        // b times the lease from when it *saw* the last renewal (its own clock, as client-go), which
        // can be one retry (2 s) after it happened; then it tries every 2 s: 15 to 19 s.
        #expect(waited >= 15 && waited <= 19, "b waited out the 15 s lease, not more: \(waited)")
        runB.cancel()
        await runB.value
    }

    @Test("A leader whose renewal hangs stops acting at the renew deadline, not when the API server answers")
    func hangingRenewal() async throws {
        let harness = try await EmulatorHarness()
        let terms = Terms()
        let a = Self.elector(harness, "a")
        let runA = Self.run(a, terms)
        #expect(await eventually { a.isLeader })
        // Every lease call now takes an hour of real time (until cancelled).
        harness.api.faults.add(.init(delay: .seconds(3600)) { $0.path.contains("/leases/") })
        let hangingSince = harness.clock.date
        // Not `step`: once it stops leading, the elector's next try hangs too and never sleeps again.
        for _ in 0..<30 where a.isLeader {
            await harness.clock.advance(by: .seconds(1))
            await harness.clock.waitForSleepers(atLeast: 1, timeout: .seconds(5))
        }
        #expect(!a.isLeader)
        let lasted = harness.clock.date.timeIntervalSince(hangingSince)
        #expect(lasted >= 10 && lasted <= 11, "gave up at the 10 s renew deadline: \(lasted)")
        #expect(await eventually { terms.events == ["a+", "a-"] }, "the term ended: it stopped acting")
        harness.api.faults.reset()
        runA.cancel()
        await runA.value
    }

    @Test("A leader that cannot renew stops acting within the renew deadline, and acts again once it can")
    func lostLease() async throws {
        let harness = try await EmulatorHarness()
        let terms = Terms()
        let a = Self.elector(harness, "a")
        let runA = Self.run(a, terms)
        #expect(await eventually { a.isLeader })
        harness.api.faults.add(.writes(containing: "/leases/", failure: FaultInjector.serverError))
        let failingSince = harness.clock.date
        #expect(await Self.step(harness.clock, sleepers: 1, until: { !a.isLeader }))
        let lasted = harness.clock.date.timeIntervalSince(failingSince)
        #expect(lasted >= 10 && lasted <= 12, "gave up after the 10 s renew deadline: \(lasted)")
        #expect(await eventually { terms.events == ["a+", "a-"] }, "the term ended: it stopped acting")
        harness.api.faults.reset()
        #expect(await Self.step(harness.clock, sleepers: 1, until: { a.isLeader }))
        #expect(await eventually { terms.events == ["a+", "a-", "a+"] })
        runA.cancel()
        await runA.value
    }
}
