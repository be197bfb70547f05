import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

private let pendingMessage = "Waiting for approval from group sre: 0 of 1; times out at 2027-01-15T08:30:00Z."
private let noPolicy =
    "no AccessPolicy allows User \"alice\" to request ClusterRole/edit in namespace \"demo\""

/// Every transition of design.md's state machine, with the exact message a user sees.
private let transitions: [TransitionCase] = [
    // (new)
    TransitionCase(
        name: "A new valid request waits for approval", request: .fixture(), phase: .pending, notes: ["Requested"],
        message: pendingMessage, nextCheck: 1800),
    TransitionCase(
        name: "A new request no policy allows is rejected", request: .fixture(), policies: [], phase: .rejected,
        notes: ["Rejected"], message: noPolicy, nextCheck: .some(nil)),
    TransitionCase(
        name: "A new request under a zero-approval policy is auto-approved and its binding created",
        request: .fixture(), policies: [.autoApprove], phase: .approved, actions: [.ensureBinding],
        notes: ["Requested", "Approved"], message: "Approved; creating RoleBinding drawbridge-alice-edit.",
        nextCheck: 120 + 1800),
    TransitionCase(
        name: "An auto-approved request whose binding already exists goes straight to Active",
        request: .fixture(), policies: [.autoApprove], binding: .current, phase: .active,
        notes: ["Requested", "Approved", "Granted"],
        message: "ClusterRole/edit is bound to User \"alice\" in namespace demo until 2027-01-15T08:32:00Z."),
    TransitionCase(
        name: "A new request that already carries enough approvals is approved at once",
        request: .fixture(.approvedBy("bob")), phase: .approved, actions: [.ensureBinding],
        notes: ["Requested", "Approved"]),
    // Pending
    TransitionCase(
        name: "An approver's approval approves a pending request",
        request: .fixture(.phase(.pending), .approvedBy("bob")), phase: .approved, actions: [.ensureBinding],
        notes: ["Approved"], message: "Approved; creating RoleBinding drawbridge-alice-edit."),
    TransitionCase(
        name: "The requester's own approval never counts, even in an approver group",
        request: .fixture(groups: ["developers", "sre"], .phase(.pending), .approvedBy("alice", groups: ["sre"])),
        phase: .pending, message: pendingMessage, nextCheck: 1800),
    TransitionCase(
        name: "An approval by someone who is not an approver does not count",
        request: .fixture(.phase(.pending), .approvedBy("dave", groups: ["developers"])), phase: .pending,
        message: pendingMessage),
    TransitionCase(
        name: "One person approving twice counts once",
        request: .fixture(.phase(.pending), .approvedBy("bob"), .approvedBy("bob", at: 90)),
        policies: [.fixture(required: 2)], phase: .pending,
        message: "Waiting for approval from group sre: 1 of 2 (bob); times out at 2027-01-15T08:30:00Z."),
    TransitionCase(
        name: "Two distinct approvers satisfy a two-approval policy",
        request: .fixture(.phase(.pending), .approvedBy("bob"), .approvedBy("carol", at: 90)),
        policies: [.fixture(required: 2)], phase: .approved, actions: [.ensureBinding], notes: ["Approved"]),
    TransitionCase(
        name: "An approver listed by user name counts",
        request: .fixture(.phase(.pending), .approvedBy("erin", groups: [])),
        policies: [.fixture(approverUsers: ["erin"])], phase: .approved, actions: [.ensureBinding],
        notes: ["Approved"]),
    TransitionCase(
        name: "An approver's Deny denies a pending request",
        request: .fixture(.phase(.pending), .deniedBy("bob", comment: "no ticket")), phase: .denied,
        notes: ["Denied"], message: "Denied by bob: no ticket."),
    TransitionCase(
        name: "A Deny outweighs approvals recorded alongside it",
        request: .fixture(.phase(.pending), .approvedBy("carol"), .deniedBy("bob", at: 61)), phase: .denied,
        notes: ["Denied"], message: "Denied by bob."),
    TransitionCase(
        name: "The requester cannot deny on an approver's behalf",
        request: .fixture(.phase(.pending), .deniedBy("alice", groups: ["sre"])), phase: .pending,
        message: pendingMessage),
    TransitionCase(
        name: "A pending request times out at the approval deadline",
        request: .fixture(.phase(.pending)), now: 1800, phase: .timedOut, notes: ["TimedOut"],
        message: "Timed out with 0 of 1 approvals after 30m."),
    TransitionCase(
        name: "An approval recorded after the deadline does not count",
        request: .fixture(.phase(.pending), .approvedBy("bob", at: 1801)), now: 1802, phase: .timedOut,
        notes: ["TimedOut"]),
    TransitionCase(
        name: "An approval recorded before the deadline counts even if seen after it",
        request: .fixture(.phase(.pending), .approvedBy("bob", at: 1799)), now: 1900, phase: .approved,
        actions: [.ensureBinding], notes: ["Approved"]),
    TransitionCase(
        name: "The requester can withdraw a pending request",
        request: .fixture(.phase(.pending), .revokedBy("alice", groups: ["developers"])), phase: .revoked,
        notes: ["Revoked"], message: "Withdrawn by alice."),
    TransitionCase(
        name: "A pending request whose policy disappears is rejected",
        request: .fixture(.phase(.pending)), policies: [], phase: .rejected, notes: ["Rejected"], message: noPolicy),
    // Approved
    TransitionCase(
        name: "An approved request becomes Active once its binding is in place",
        request: .fixture(.phase(.approved)), binding: .current, phase: .active, notes: ["Granted"],
        message: "ClusterRole/edit is bound to User \"alice\" in namespace demo until 2027-01-15T08:32:00Z.",
        nextCheck: 1920),
    TransitionCase(
        name: "An approved request without a binding keeps asking for it",
        request: .fixture(.phase(.approved)), phase: .approved, actions: [.ensureBinding],
        message: "Approved; creating RoleBinding drawbridge-alice-edit.", nextCheck: 1920),
    // Active
    TransitionCase(
        name: "An active grant expires at expiresAt and its binding is removed",
        request: .fixture(.phase(.active)), binding: .current, now: 1920, phase: .expired,
        actions: [.removeBinding], notes: ["Expired"],
        message:
            "Access to ClusterRole/edit in namespace demo expired at 2027-01-15T08:32:00Z; RoleBinding drawbridge-alice-edit removed.",
        nextCheck: .some(nil)),
    TransitionCase(
        name: "An active grant one second before expiry stays active",
        request: .fixture(.phase(.active)), binding: .current, now: 1919, phase: .active, nextCheck: 1920),
    TransitionCase(
        name: "A deleted binding of an active grant is restored",
        request: .fixture(.phase(.active)), binding: .missing, now: 600, phase: .active, actions: [.ensureBinding],
        notes: ["TamperReverted"]),
    TransitionCase(
        name: "An edited binding of an active grant is reverted",
        request: .fixture(.phase(.active)), binding: .drifted, now: 600, phase: .active, actions: [.ensureBinding],
        notes: ["TamperReverted"]),
    TransitionCase(
        name: "An approver can revoke an active grant",
        request: .fixture(.phase(.active), .revokedBy("bob", at: 600)), binding: .current, now: 601,
        phase: .revoked, actions: [.removeBinding], notes: ["Revoked"], message: "Revoked by bob."),
    TransitionCase(
        name: "The requester can revoke their own grant",
        request: .fixture(.phase(.active), .revokedBy("alice", groups: ["developers"], at: 600)),
        binding: .current, now: 601, phase: .revoked, actions: [.removeBinding], notes: ["Revoked"],
        message: "Revoked by alice."),
    TransitionCase(
        name: "A Revoke by someone who is neither approver nor requester is ignored",
        request: .fixture(.phase(.active), .revokedBy("mallory", groups: ["developers"], at: 600)),
        binding: .current, now: 601, phase: .active),
    TransitionCase(
        name: "An active grant no policy allows any more is revoked",
        request: .fixture(.phase(.active)), policies: [], binding: .current, now: 600, phase: .revoked,
        actions: [.removeBinding], notes: ["Revoked"],
        message: "Revoked because no AccessPolicy allows this grant any more: \(noPolicy)."),
    TransitionCase(
        name: "A lowered maxDuration shortens an active grant",
        request: .fixture(.phase(.active)), policies: [.fixture(defaultDuration: "10m", maxDuration: "15m")],
        binding: .drifted, now: 600, phase: .active, actions: [.ensureBinding],
        notes: ["GrantShortened", "TamperReverted"], nextCheck: 120 + 900),
    TransitionCase(
        name: "A lowered maxDuration that is already exceeded expires the grant",
        request: .fixture(.phase(.active)), policies: [.fixture(defaultDuration: "10m", maxDuration: "15m")],
        binding: .current, now: 1200, phase: .expired, actions: [.removeBinding],
        notes: ["GrantShortened", "Expired"]),
    TransitionCase(
        name: "An earlier expires-at annotation on the binding wins",
        request: .fixture(.phase(.active)), binding: .drifted, bindingExpiresAt: KubeTime(Fixtures.at(700)),
        now: 600, phase: .active, actions: [.ensureBinding], notes: ["GrantShortened", "TamperReverted"],
        nextCheck: 700),
]

/// Terminal phases never move, whatever happens next.
private let terminalCases: [TransitionCase] = AccessRequestPhase.allCases.filter(\.isTerminal).flatMap { phase in
    [
        TransitionCase(
            name: "\(phase.rawValue) stays \(phase.rawValue) when approvals arrive",
            request: .fixture(.phase(phase), .approvedBy("bob"), .approvedBy("carol")), phase: phase),
        TransitionCase(
            name: "\(phase.rawValue) removes a leftover binding",
            request: .fixture(.phase(phase)), binding: .current, phase: phase, actions: [.removeBinding],
            notes: ["OrphanRemoved"]),
        TransitionCase(
            name: "\(phase.rawValue) stays \(phase.rawValue) after its policy is gone",
            request: .fixture(.phase(phase)), policies: [], now: 99_999, phase: phase),
    ]
}

@Suite("Approval state machine")
struct ApprovalStateMachineTests {
    @Test(
        "Each transition yields the expected phase, actions, events and message", arguments: transitions + terminalCases
    )
    func transition(_ row: TransitionCase) {
        let outcome = row.run()
        #expect(outcome.status.phase == row.phase)
        #expect(outcome.actions == row.actions)
        #expect(outcome.notes.map(\.reason) == row.notes)
        if let message = row.message { #expect(outcome.status.message == message) }
        if case .some(let next) = row.nextCheck { #expect(outcome.nextCheck == next.map(Fixtures.at)) }
    }

    @Test("Terminal phases and steady states change nothing, so the controller writes nothing")
    func noWriteWhenNothingChanged() {
        let steady: [AccessRequest] = AccessRequestPhase.allCases.filter(\.isTerminal).map { .fixture(.phase($0)) }
        for request in steady {
            let outcome = TransitionCase(name: "", request: request, phase: nil).run()
            #expect(outcome.status == request.status)
            #expect(outcome.notes.isEmpty)
        }
        // Re-evaluating a Pending or Active outcome is a fixed point.
        for first in [TransitionCase(name: "", request: .fixture(), phase: nil).run()] {
            var again = AccessRequest.fixture()
            again.status = first.status
            let second = TransitionCase(name: "", request: again, now: 300, phase: nil).run()
            #expect(second.status == first.status)
            #expect(second.notes.isEmpty && second.actions.isEmpty)
        }
        var active = AccessRequest.fixture(.phase(.active))
        let settled = TransitionCase(name: "", request: active, binding: .current, now: 600, phase: nil).run()
        active.status = settled.status
        let twice = TransitionCase(name: "", request: active, binding: .current, now: 700, phase: nil).run()
        #expect(twice.status == settled.status && twice.notes.isEmpty && twice.actions.isEmpty)
    }

    @Test("Approval sets grantedAt to now and expiresAt to now plus the effective duration")
    func approvalTimes() {
        let outcome = TransitionCase(
            name: "", request: .fixture(duration: nil, .phase(.pending), .approvedBy("bob")), now: 300, phase: nil
        ).run()
        #expect(outcome.status.grantedAt == KubeTime(Fixtures.at(300)))
        // No duration requested: the policy default (30m) applies.
        #expect(outcome.status.expiresAt == KubeTime(Fixtures.at(300 + 1800)))
        #expect(outcome.status.roleBinding == "drawbridge-alice-edit")
        #expect(outcome.status.conditions?[type: "Approved"]?.status == .true)
        #expect(outcome.status.conditions?[type: "Approved"]?.observedGeneration == 1)
        #expect(outcome.transition == .init(from: .pending, to: .approved))
    }

    @Test("Ignored reviews are reported with their reason")
    func ignoredReviews() {
        let request = AccessRequest.fixture(
            .phase(.pending), .approvedBy("alice", groups: ["sre"]), .approvedBy("dave", groups: ["developers"]),
            .approvedBy("bob"), .approvedBy("bob", at: 70))
        let outcome = TransitionCase(name: "", request: request, policies: [.fixture(required: 2)], phase: nil).run()
        #expect(outcome.tally?.approvedBy == ["bob"])
        #expect(outcome.tally?.ignored.map(\.reason) == [.selfReview, .notAnApprover, .duplicate])
    }

    @Test("Records that fail authentication grant nothing")
    func unauthenticRecords() {
        let request = AccessRequest.fixture(.phase(.pending), .approvedBy("bob"))
        let outcome = ApprovalStateMachine.evaluate(
            .init(
                request: request, policies: PolicySet([.fixture()]), binding: .missing, now: Fixtures.at(120),
                isAuthentic: { _ in false }, isRequesterAuthentic: true))
        #expect(outcome.status.phase == .pending)
        #expect(outcome.tally?.ignored.map(\.reason) == [.unauthentic])
    }

    static func evaluate(
        _ request: AccessRequest, requesterAuthentic: Bool = true, authentic: @escaping (ApprovalRecord) -> Bool
    )
        -> ApprovalOutcome
    {
        ApprovalStateMachine.evaluate(
            .init(
                request: request, policies: PolicySet([.fixture()]), binding: .missing, now: Fixtures.at(120),
                isAuthentic: authentic, isRequesterAuthentic: requesterAuthentic))
    }

    @Test(
        "Unsigned reviews raise one UnverifiedApproval warning and a condition, and nothing more while they stay the same"
    )
    func unverifiedReviewsReportedOnce() throws {
        let request = AccessRequest.fixture(.phase(.pending), .approvedBy("bob", at: 60), .approvedBy("carol", at: 65))
        let first = Self.evaluate(request) { $0.user != "bob" }
        #expect(first.status.phase == .approved, "carol's verified approval counts")
        let message =
            "Ignored 1 recorded review(s) without a valid signature from the Drawbridge admission webhook: Approve by bob at 2027-01-15T08:01:00Z."
        #expect(first.notes.contains(AuditNote(.warning, "UnverifiedApproval", message)))
        let condition = try #require(first.status.conditions?.first { $0.type == "ApprovalsVerified" })
        #expect(condition.status == .false)
        #expect(condition.reason == "UnverifiedApproval")
        #expect(condition.message == message)

        var pending = AccessRequest.fixture(.phase(.pending), .approvedBy("bob", at: 60))
        let once = Self.evaluate(pending) { _ in false }
        #expect(once.status.phase == .pending)
        #expect(once.notes.map(\.reason) == ["UnverifiedApproval"])
        pending.status = once.status
        let again = Self.evaluate(pending) { _ in false }
        #expect(again.notes.isEmpty)
        #expect(again.status == once.status, "level-based: nothing to write the second time")
    }

    @Test("A grant put back after a verified Deny is denied again, and one whose grantedAt was removed is revoked")
    func forgedResurrectionAndUnboundedGrant() {
        // bob approved, carol denied before the controller looked; the phase was then written Active.
        let resurrected = TransitionCase(
            name: "", request: AccessRequest.fixture(.phase(.active), .deniedBy("carol", at: 70)), binding: .current,
            phase: nil
        ).run()
        #expect(resurrected.status.phase == .denied)
        #expect(resurrected.actions.contains(.removeBinding))
        // Without grantedAt neither the policy's maxDuration nor the binding's annotation could cap it.
        var request = AccessRequest.fixture(.phase(.active))
        request.status?.grantedAt = nil
        request.status?.expiresAt = KubeTime(Fixtures.at(999_999))
        let unbounded = TransitionCase(name: "", request: request, binding: .current, phase: nil).run()
        #expect(unbounded.status.phase == .revoked)
        #expect(unbounded.actions.contains(.removeBinding))
        #expect(unbounded.status.conditions?.first { $0.type == "Granted" }?.reason == "GrantUnbounded")
    }

    @Test("A granted phase nobody approved (written into status directly) is revoked before any binding is made")
    func forgedGrant() {
        for phase in [AccessRequestPhase.approved, .active] {
            let outcome = TransitionCase(
                name: "", request: AccessRequest.fixture(.phase(phase, backedBy: nil)), binding: .missing, phase: nil
            ).run()
            #expect(outcome.status.phase == .revoked)
            #expect(!outcome.actions.contains(.ensureBinding))
            #expect(
                outcome.status.message
                    == "Revoked: the grant is backed by 0 of the 1 verified approval(s) AccessPolicy \"developers-edit\" requires."
            )
            #expect(outcome.status.conditions?.first { $0.type == "Granted" }?.reason == "ApprovalsMissing")
        }
        // An approval that does not verify does not back it either.
        let unsigned = Self.evaluate(AccessRequest.fixture(.phase(.active))) { _ in false }
        #expect(unsigned.status.phase == .revoked)
        // Auto-approved grants need none; a policy that now requires more revokes what it no longer backs.
        let auto = TransitionCase(
            name: "", request: AccessRequest.fixture(.phase(.active, backedBy: nil)), policies: [.fixture(required: 0)],
            binding: .current, phase: nil
        ).run()
        #expect(auto.status.phase == .active)
        let stricter = TransitionCase(
            name: "", request: AccessRequest.fixture(.phase(.active)), policies: [.fixture(required: 2)],
            binding: .current, phase: nil
        ).run()
        #expect(stricter.status.phase == .revoked)
        #expect(stricter.actions == [.removeBinding])
    }

    @Test("A requester whose signature does not verify is rejected when new or pending, and revoked when granted")
    func unverifiedRequester() {
        let reason =
            "spec.requester carries no valid signature from the Drawbridge admission webhook, so nobody vouches for who asked (was the request written with the webhook disabled, or its spec edited?)"
        for request in [AccessRequest.fixture(), AccessRequest.fixture(.phase(.pending))] {
            let outcome = Self.evaluate(request, requesterAuthentic: false) { _ in true }
            #expect(outcome.status.phase == .rejected)
            #expect(outcome.status.message == reason)
            #expect(outcome.status.conditions?.first { $0.type == "Approved" }?.reason == "RequesterUnverified")
        }
        let active = Self.evaluate(
            AccessRequest.fixture(.phase(.active), .approvedBy("bob")), requesterAuthentic: false
        ) { _ in true }
        #expect(active.status.phase == .revoked)
        #expect(active.status.message == "Revoked: \(reason).")
    }

    @Test(
        "Malformed requests are rejected with one clear message each",
        arguments: [
            (
                AccessRequest.fixture(role: .init(kind: "Group", name: "edit")),
                "spec.role.kind: Unsupported value \"Group\": supported values: \"Role\", \"ClusterRole\""
            ),
            (
                AccessRequest.fixture(duration: "forever"),
                "spec.duration: invalid duration \"forever\": use a Go duration such as \"90s\", \"15m\" or \"1h30m\""
            ),
            (
                AccessRequest.fixture(duration: "3d"),
                "spec.duration: invalid duration \"3d\": unknown unit \"d\" (valid units are ns, us, ms, s, m, h)"
            ),
            (AccessRequest.fixture(duration: "0s"), "spec.duration: \"0s\" is too short: must be at least 1s"),
            (AccessRequest.fixture(reason: nil), "spec.reason: Required value: say why access is needed"),
            (AccessRequest.fixture(reason: "   "), "spec.reason: Required value: say why access is needed"),
            (
                AccessRequest.fixture(requester: ""),
                "spec.requester is not set: the request did not pass through the Drawbridge admission webhook"
            ),
            (
                AccessRequest.fixture(duration: "2h"),
                "requested duration 2h exceeds the maximum 1h allowed by AccessPolicy \"developers-edit\""
            ),
        ])
    func malformed(_ request: AccessRequest, _ message: String) {
        let outcome = TransitionCase(name: "", request: request, phase: nil).run()
        #expect(outcome.status.phase == .rejected)
        #expect(outcome.status.message == message)
        #expect(outcome.actions.isEmpty)
        #expect(outcome.notes == [AuditNote(.warning, "Rejected", message)])
    }
}
