import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

/// developers-edit, allowing starts up to `lead` ahead.
private func scheduling(_ lead: String? = "24h", groups: [String] = ["developers"]) -> AccessPolicy {
    var policy = AccessPolicy.fixture(groups: groups)
    policy.spec.maxLeadTime = lead
    return policy
}

/// alice's request for 30m starting `seconds` after t0.
private func starting(at seconds: Double, _ changes: RequestChange...) -> AccessRequest {
    var request = AccessRequest.fixture(.custom { $0.spec.startAt = KubeTime(Fixtures.at(seconds)) })
    for change in changes { change.apply(&request) }
    return request
}

/// The request as the planner leaves it once bob approved it at t0+60: Scheduled for t0+3600.
private func scheduled(_ changes: RequestChange...) -> AccessRequest {
    var request = starting(at: 3600, .approvedBy("bob"))
    request.status = PlanCase(name: "", request: request, policies: [scheduling()]).run().status
    for change in changes { change.apply(&request) }
    return request
}

private let scheduleCases: [PlanCase] = [
    PlanCase(
        name: "A start under a policy without maxLeadTime is rejected",
        request: starting(at: 3600), phase: .rejected, records: [.rejected],
        message:
            "AccessPolicy \"developers-edit\" does not allow a scheduled start (spec.startAt): it has no maxLeadTime"),
    PlanCase(
        name: "A start further ahead than maxLeadTime is rejected",
        request: starting(at: 7200), policies: [scheduling("1h")], phase: .rejected, records: [.rejected],
        message: "spec.startAt is 1h58m ahead, beyond the maxLeadTime 1h allowed by AccessPolicy \"developers-edit\""),
    PlanCase(
        name: "Approved before its start, a request is Scheduled: no binding, a look again at startAt",
        request: starting(at: 3600, .approvedBy("bob")), policies: [scheduling()], phase: .scheduled,
        records: [.requested, .approved],
        message:
            "Approved; access starts at 2027-01-15T09:00:00Z until 2027-01-15T09:30:00Z, if the policy still allows it then.",
        requeue: 3600),
    PlanCase(
        name: "Active written into status before its start (webhooks bypassed): back to Scheduled, the binding removed",
        request: scheduled(
            .custom {
                $0.status?.phase = .active
                $0.status?.grantedAt = KubeTime(Fixtures.at(100))
            }), policies: [scheduling()], binding: .current, now: 200, phase: .scheduled, writes: [.deleteBinding],
        requeue: 3600),
    PlanCase(
        name: "A second before its start, nothing happens",
        request: scheduled(), policies: [scheduling()], now: 3599, phase: .scheduled, requeue: 3600),
    PlanCase(
        name: "At its start, the binding is made and the grant runs for its duration from startAt",
        request: scheduled(), policies: [scheduling()], now: 3600, phase: .active,
        writes: [.addFinalizer, .ensureBinding],
        records: [.granted], requeue: 5400),
    PlanCase(
        name: "A requester no longer allowed at the start gets nothing",
        request: scheduled(), policies: [scheduling(groups: ["sre"])], now: 3600, phase: .revoked,
        records: [.revoked]),
    PlanCase(
        name: "Revoked while Scheduled, it never starts",
        request: scheduled(.revokedBy("alice", groups: ["developers"], at: 1000)), policies: [scheduling()],
        now: 1001, phase: .revoked, records: [.revoked], message: "Withdrawn by alice.", requeue: .some(nil)),
    PlanCase(
        name: "Looked at only after its window passed, it expires without a binding",
        request: scheduled(), policies: [scheduling()], now: 6000, phase: .expired, records: [.expired]),
    PlanCase(
        name: "Approved after its start, it is granted at once until startAt + duration",
        request: starting(at: 60, .approvedBy("bob", at: 100)), policies: [scheduling()], phase: .active,
        writes: [.addFinalizer, .ensureBinding], records: [.requested, .approved, .granted], requeue: 1860),
    PlanCase(
        name: "A break-glass request cannot be scheduled",
        request: starting(at: 3600, .breakGlass()), policies: [scheduling().breakingGlass()], phase: .rejected,
        records: [.rejected], message: "spec.startAt: a break-glass request starts at once; it cannot have startAt"),
]

@Suite("Plan: scheduled start")
struct PlanScheduleTests {
    @Test(
        "Each scheduled-start situation yields the expected phase, writes, records, message and requeue",
        arguments: scheduleCases)
    func transition(_ row: PlanCase) {
        let plan = row.run()
        #expect(row.after(plan)?.phase == row.phase)
        #expect(plan.writeKinds == row.writes)
        #expect(plan.actions == row.records)
        if let message = row.message { #expect(row.after(plan)?.message == message) }
        if case .some(let next) = row.requeue { #expect(plan.requeueAt == next.map(Fixtures.at)) }
    }

    @Test("The grant runs from startAt exactly, and its binding carries startAt + duration")
    func startsExactly() throws {
        let plan = PlanCase(name: "", request: scheduled(), policies: [scheduling()], now: 3600.4).run()
        let status = try #require(plan.status)
        #expect(status.grantedAt == KubeTime(Fixtures.at(3600)))
        #expect(status.expiresAt == KubeTime(Fixtures.at(5400)))
        guard case .ensureBinding(let binding, _) = try #require(plan.writes.last) else {
            Issue.record("no binding")
            return
        }
        #expect(binding.metadata.annotations?[Drawbridge.Keys.expiresAt] == KubeTime(Fixtures.at(5400)).description)
        // While Scheduled, status says nothing was granted yet.
        let waiting = try #require(scheduled().status)
        #expect(waiting.grantedAt == nil)
        #expect(waiting.conditions?[type: .granted]?.reason == "Scheduled")
    }
}
