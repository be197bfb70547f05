import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

private let pendingMessage = "Waiting for approval from group sre: 0 of 1; times out at 2027-01-15T08:30:00Z."
private let noPolicy =
    "no AccessPolicy allows User \"alice\" to request ClusterRole/edit in namespace \"demo\""
private func activeUntil(_ time: String) -> String {
    "ClusterRole/edit is bound to User \"alice\" in namespace demo until \(time)."
}

/// Every transition of the lifecycle, with the writes, records and the exact message a user sees.
private let transitions: [PlanCase] = [
    // (new)
    PlanCase(
        name: "A new valid request waits for approval", request: .fixture(), phase: .pending, records: [.requested],
        message: pendingMessage, requeue: 1800),
    PlanCase(
        name: "A new request no policy allows is rejected", request: .fixture(), policies: [], phase: .rejected,
        records: [.rejected], message: noPolicy, requeue: .some(nil)),
    PlanCase(
        name: "A new request under a zero-approval policy is granted in the same pass",
        request: .fixture(), policies: [.autoApprove], phase: .active, writes: [.addFinalizer, .ensureBinding],
        records: [.requested, .approved, .granted], message: activeUntil("2027-01-15T08:32:00Z"), requeue: 1920),
    PlanCase(
        name: "A new request that already carries enough approvals is granted at once",
        request: .fixture(.approvedBy("bob")), phase: .active, writes: [.addFinalizer, .ensureBinding],
        records: [.requested, .approved, .granted]),
    // Pending
    PlanCase(
        name: "An approver's approval grants a pending request in one pass: binding, then Active",
        request: .fixture(.phase(.pending), .approvedBy("bob")), phase: .active,
        writes: [.addFinalizer, .ensureBinding], records: [.approved, .granted],
        message: activeUntil("2027-01-15T08:32:00Z"), requeue: 1920),
    PlanCase(
        name: "The requester's own approval never counts, even in an approver group",
        request: .fixture(groups: ["developers", "sre"], .phase(.pending), .approvedBy("alice", groups: ["sre"])),
        phase: .pending, message: pendingMessage, requeue: 1800),
    PlanCase(
        name: "An approval by someone who is not an approver does not count",
        request: .fixture(.phase(.pending), .approvedBy("dave", groups: ["developers"])), phase: .pending,
        message: pendingMessage),
    PlanCase(
        name: "One person approving twice counts once",
        request: .fixture(.phase(.pending), .approvedBy("bob"), .approvedBy("bob", at: 90)),
        policies: [.fixture(required: 2)], phase: .pending,
        message: "Waiting for approval from group sre: 1 of 2 (bob); times out at 2027-01-15T08:30:00Z."),
    PlanCase(
        name: "Two distinct approvers satisfy a two-approval policy",
        request: .fixture(.phase(.pending), .approvedBy("bob"), .approvedBy("carol", at: 90)),
        policies: [.fixture(required: 2)], phase: .active, writes: [.addFinalizer, .ensureBinding],
        records: [.approved, .granted]),
    PlanCase(
        name: "An approver listed by user name counts",
        request: .fixture(.phase(.pending), .approvedBy("erin", groups: [])),
        policies: [.fixture(approverUsers: ["erin"])], phase: .active, writes: [.addFinalizer, .ensureBinding],
        records: [.approved, .granted]),
    PlanCase(
        name: "An approver's Deny denies a pending request",
        request: .fixture(.phase(.pending), .deniedBy("bob", comment: "no ticket")), phase: .denied,
        records: [.denied], message: "Denied by bob: no ticket.", requeue: .some(nil)),
    PlanCase(
        name: "A Deny outweighs approvals recorded alongside it",
        request: .fixture(.phase(.pending), .approvedBy("carol"), .deniedBy("bob", at: 61)), phase: .denied,
        records: [.denied], message: "Denied by bob."),
    PlanCase(
        name: "The requester cannot deny on an approver's behalf",
        request: .fixture(.phase(.pending), .deniedBy("alice", groups: ["sre"])), phase: .pending,
        message: pendingMessage),
    PlanCase(
        name: "A pending request times out at the approval deadline",
        request: .fixture(.phase(.pending)), now: 1800, phase: .timedOut, records: [.timedOut],
        message: "Timed out with 0 of 1 approvals after 30m."),
    PlanCase(
        name: "An approval recorded after the deadline does not count",
        request: .fixture(.phase(.pending), .approvedBy("bob", at: 1801)), now: 1802, phase: .timedOut,
        records: [.timedOut]),
    PlanCase(
        name: "An approval recorded before the deadline counts even if seen after it",
        request: .fixture(.phase(.pending), .approvedBy("bob", at: 1799)), now: 1900, phase: .active,
        writes: [.addFinalizer, .ensureBinding], records: [.approved, .granted], requeue: 3700),
    PlanCase(
        name: "The requester can withdraw a pending request",
        request: .fixture(.phase(.pending), .revokedBy("alice", groups: ["developers"])), phase: .revoked,
        records: [.revoked], message: "Withdrawn by alice."),
    PlanCase(
        name: "A pending request whose policy disappears is rejected",
        request: .fixture(.phase(.pending)), policies: [], phase: .rejected, records: [.rejected], message: noPolicy),
    // Approved (only while the API server refused the binding)
    PlanCase(
        name: "An approved request becomes Active once its binding is in place",
        request: .fixture(.phase(.approved)), binding: .current, phase: .active, records: [.granted],
        message: activeUntil("2027-01-15T08:32:00Z"), requeue: 1920),
    PlanCase(
        name: "An approved request without a binding makes it and becomes Active",
        request: .fixture(.phase(.approved)), phase: .active, writes: [.ensureBinding], records: [.granted],
        message: activeUntil("2027-01-15T08:32:00Z"), requeue: 1920),
    // Active
    PlanCase(
        name: "An active grant expires at expiresAt: binding deleted, finalizer released",
        request: .fixture(.phase(.active)), binding: .current, now: 1920, phase: .expired,
        writes: [.deleteBinding, .removeFinalizer], records: [.expired],
        message:
            "Access to ClusterRole/edit in namespace demo expired at 2027-01-15T08:32:00Z; RoleBinding drawbridge-alice-edit removed.",
        requeue: .some(nil)),
    PlanCase(
        name: "An active grant one second before expiry stays active and looks again at expiry",
        request: .fixture(.phase(.active)), binding: .current, now: 1919, phase: .active, requeue: 1920),
    PlanCase(
        name: "A deleted binding of an active grant is restored and recorded as tamper",
        request: .fixture(.phase(.active)), binding: .absent, now: 600, phase: .active, writes: [.ensureBinding],
        records: [.tamperReverted]),
    PlanCase(
        name: "An edited binding of an active grant is reverted and recorded as tamper",
        request: .fixture(.phase(.active)), binding: .drifted, now: 600, phase: .active, writes: [.ensureBinding],
        records: [.tamperReverted]),
    PlanCase(
        name: "A binding that cannot be read is written again, but never called tamper",
        request: .fixture(.phase(.active)), binding: .unknown, now: 600, phase: .active, writes: [.ensureBinding]),
    PlanCase(
        name: "An approver can revoke an active grant",
        request: .fixture(.phase(.active), .revokedBy("bob", at: 600)), binding: .current, now: 601,
        phase: .revoked, writes: [.deleteBinding, .removeFinalizer], records: [.revoked], message: "Revoked by bob."),
    PlanCase(
        name: "The requester can revoke their own grant",
        request: .fixture(.phase(.active), .revokedBy("alice", groups: ["developers"], at: 600)),
        binding: .current, now: 601, phase: .revoked, writes: [.deleteBinding, .removeFinalizer], records: [.revoked],
        message: "Revoked by alice."),
    PlanCase(
        name: "A Revoke by someone who is neither approver nor requester is ignored",
        request: .fixture(.phase(.active), .revokedBy("mallory", groups: ["developers"], at: 600)),
        binding: .current, now: 601, phase: .active),
    PlanCase(
        name: "An active grant no policy allows any more is revoked",
        request: .fixture(.phase(.active)), policies: [], binding: .current, now: 600, phase: .revoked,
        writes: [.deleteBinding, .removeFinalizer], records: [.revoked],
        message: "Revoked because no AccessPolicy allows this grant any more: \(noPolicy)."),
    PlanCase(
        name: "A lowered maxDuration shortens an active grant and updates its binding, which is not tamper",
        request: .fixture(.phase(.active)), policies: [.fixture(defaultDuration: "10m", maxDuration: "15m")],
        binding: .current, now: 600, phase: .active, writes: [.ensureBinding], records: [.grantShortened],
        requeue: 120 + 900),
    PlanCase(
        name: "A lowered maxDuration on a grant whose binding was also edited is both recorded",
        request: .fixture(.phase(.active)), policies: [.fixture(defaultDuration: "10m", maxDuration: "15m")],
        binding: .drifted, now: 600, phase: .active, writes: [.ensureBinding],
        records: [.grantShortened, .tamperReverted], requeue: 120 + 900),
    PlanCase(
        name: "A lowered maxDuration that is already exceeded expires the grant",
        request: .fixture(.phase(.active)), policies: [.fixture(defaultDuration: "10m", maxDuration: "15m")],
        binding: .current, now: 1200, phase: .expired, writes: [.deleteBinding, .removeFinalizer],
        records: [.grantShortened, .expired]),
    PlanCase(
        name: "An earlier expires-at annotation on the binding wins; its expiry label is brought in line",
        request: .fixture(.phase(.active)), binding: .expiringAt(700), now: 600, phase: .active,
        writes: [.ensureBinding], records: [.grantShortened], requeue: 700),
    PlanCase(
        name: "A binding made before the expiry label existed gets it, and that is not tamper",
        request: .fixture(.phase(.active)), binding: .withoutExpiryLabel, now: 600, phase: .active,
        writes: [.ensureBinding]),
]

/// Terminal phases never move, whatever happens next.
private let terminalCases: [PlanCase] = AccessRequestPhase.allCases.filter(\.isTerminal).flatMap { phase in
    [
        PlanCase(
            name: "\(phase.rawValue) stays \(phase.rawValue) when approvals arrive",
            request: .fixture(.phase(phase), .approvedBy("bob"), .approvedBy("carol")), phase: phase),
        PlanCase(
            name: "\(phase.rawValue) removes a leftover binding",
            request: .fixture(.phase(phase)), binding: .current, phase: phase, writes: [.deleteBinding],
            records: [.orphanRemoved]),
        PlanCase(
            name: "\(phase.rawValue) releases a finalizer left on it",
            request: .fixture(.phase(phase), .finalizer()), phase: phase, writes: [.removeFinalizer]),
        PlanCase(
            name: "\(phase.rawValue) stays \(phase.rawValue) after its policy is gone",
            request: .fixture(.phase(phase)), policies: [], now: 99_999, phase: phase),
    ]
}

@Suite("Plan: the lifecycle table")
struct PlanTransitionTests {
    @Test(
        "Each situation yields the expected phase, writes, records, Events, message and requeue",
        arguments: transitions + terminalCases)
    func transition(_ row: PlanCase) {
        row.expectPlanMatches()
    }

    @Test("Terminal phases and steady states plan nothing, so the controller writes nothing")
    func nothingToDoWhenNothingChanged() {
        for phase in AccessRequestPhase.allCases.filter(\.isTerminal) {
            #expect(PlanCase(name: "", request: .fixture(.phase(phase))).run().isEmpty)
        }
        // Planning again on a Pending or Active outcome is a fixed point.
        var pending = AccessRequest.fixture()
        pending.status = PlanCase(name: "", request: pending).run().status
        #expect(PlanCase(name: "", request: pending, now: 300).run().isEmpty)
        var active = AccessRequest.fixture(.phase(.active))
        let settled = PlanCase(name: "", request: active, binding: .current, now: 600).run()
        active.status = settled.status ?? active.status
        #expect(PlanCase(name: "", request: active, binding: .current, now: 700).run().isEmpty)
    }

    @Test("A grant sets grantedAt to now, expiresAt to now plus the effective duration, in one status write")
    func grantTimes() throws {
        let row = PlanCase(name: "", request: .fixture(duration: nil, .phase(.pending), .approvedBy("bob")), now: 300)
        let plan = row.run()
        let status = try #require(plan.status)
        #expect(status.phase == .active)
        #expect(status.grantedAt == KubeTime(Fixtures.at(300)))
        // No duration requested: the policy default (30m) applies.
        #expect(status.expiresAt == KubeTime(Fixtures.at(300 + 1800)))
        #expect(status.roleBinding == "drawbridge-alice-edit")
        #expect(status.conditions?[type: .approved]?.status == .true)
        #expect(status.conditions?[type: .approved]?.observedGeneration == 1)
        #expect(status.conditions?[type: .granted]?.status == .true)
        #expect(plan.transition == PhaseTransition(from: .pending, to: .active))
        #expect(plan.steps.filter { if case .status = $0 { true } else { false } }.count == 1)
        guard case .ensureBinding(let desired, nil) = plan.writes.last else {
            Issue.record("expected a binding to be created, got \(plan.writes)")
            return
        }
        #expect(desired.metadata.annotations?[Drawbridge.Keys.expiresAt] == "2027-01-15T08:35:00Z")
        #expect(desired.metadata.annotations?[Drawbridge.Keys.approvedBy] == "bob")
    }
}
