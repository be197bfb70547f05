import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

/// What the plan makes of identities nobody vouches for, forged phases and malformed requests.
@Suite("Plan: identities, forgeries, malformed requests")
struct PlanIdentityTests {
    static func plan(
        _ request: AccessRequest, requesterAuthentic: Bool = true, binding: BindingFixture = .absent,
        authentic: @escaping @Sendable (ApprovalRecord) -> Bool
    ) -> Plan {
        AccessRequestPlanner.plan(
            PlanCase(name: "", request: request, binding: binding).input(
                authentic: authentic, requesterAuthentic: requesterAuthentic))
    }

    @Test("Ignored reviews are tallied with their reason")
    func ignoredReviews() {
        let request = AccessRequest.fixture(
            .phase(.pending), .approvedBy("alice", groups: ["sre"]), .approvedBy("dave", groups: ["developers"]),
            .approvedBy("bob"), .approvedBy("bob", at: 70))
        let tally = ApprovalTally(
            records: request.status?.approvals ?? [], requester: "alice",
            approvers: ApproverMatcher(users: [], groups: ["sre"]), deadline: nil, isAuthentic: Fixtures.trustAll)
        #expect(tally.approvedBy == ["bob"])
        #expect(tally.ignored.map(\.reason) == [.selfReview, .notAnApprover, .duplicate])
        let plan = PlanCase(name: "", request: request, policies: [.fixture(required: 2)]).run()
        #expect(plan.status?.phase == .pending)
        #expect(plan.status?.message?.contains("1 of 2 (bob)") == true)
    }

    @Test("Records that fail authentication grant nothing")
    func unauthenticRecords() {
        let plan = Self.plan(AccessRequest.fixture(.phase(.pending), .approvedBy("bob"))) { _ in false }
        #expect(plan.status?.phase ?? .pending == .pending)
        #expect(plan.actions == [.unverifiedApproval])
    }

    @Test(
        "Unsigned reviews raise one UnverifiedApproval warning and a condition, and nothing more while they stay the same"
    )
    func unverifiedReviewsReportedOnce() throws {
        let request = AccessRequest.fixture(.phase(.pending), .approvedBy("bob", at: 60), .approvedBy("carol", at: 65))
        let first = Self.plan(request) { $0.user != "bob" }
        #expect(first.status?.phase == .active, "carol's verified approval counts")
        let message =
            "Ignored 1 recorded review(s) without a valid signature from the Drawbridge admission webhook: Approve by bob at 2027-01-15T08:01:00Z."
        #expect(first.audit.contains { $0.action == .unverifiedApproval && $0.message == message })
        #expect(first.events.contains { $0.reason == .audit(.unverifiedApproval) && $0.type == .warning })
        let condition = try #require(first.status?.conditions?[type: .approvalsVerified])
        #expect(condition.status == .false)
        #expect(condition.reason == "UnverifiedApproval")
        #expect(condition.message == message)

        var pending = AccessRequest.fixture(.phase(.pending), .approvedBy("bob", at: 60))
        let once = Self.plan(pending) { _ in false }
        #expect(once.status?.phase == .pending)
        #expect(once.actions == [.unverifiedApproval])
        pending.status = once.status
        let again = Self.plan(pending) { _ in false }
        #expect(again.isEmpty, "level-based: nothing to write the second time")
    }

    @Test("A grant put back after a verified Deny is denied again, and one whose grantedAt was removed is revoked")
    func forgedResurrectionAndUnboundedGrant() {
        // bob approved, carol denied before the controller looked; the phase was then written Active.
        let resurrected = PlanCase(
            name: "", request: AccessRequest.fixture(.phase(.active), .deniedBy("carol", at: 70)), binding: .current
        ).run()
        #expect(resurrected.status?.phase == .denied)
        #expect(resurrected.writeKinds.contains(.deleteBinding))
        // Without grantedAt neither the policy's maxDuration nor the binding's annotation could cap it.
        var request = AccessRequest.fixture(.phase(.active))
        request.status?.grantedAt = nil
        request.status?.expiresAt = KubeTime(Fixtures.at(999_999))
        let unbounded = PlanCase(name: "", request: request, binding: .current).run()
        #expect(unbounded.status?.phase == .revoked)
        #expect(unbounded.writeKinds.contains(.deleteBinding))
        #expect(unbounded.status?.conditions?[type: .granted]?.reason == "GrantUnbounded")
    }

    @Test("A granted phase nobody approved (written into status directly) is revoked before any binding is made")
    func forgedGrant() {
        for phase in [AccessRequestPhase.approved, .active] {
            let plan = PlanCase(name: "", request: AccessRequest.fixture(.phase(phase, backedBy: nil))).run()
            #expect(plan.status?.phase == .revoked)
            #expect(!plan.writeKinds.contains(.ensureBinding))
            #expect(
                plan.status?.message
                    == "Revoked: the grant is backed by 0 of the 1 verified approval(s) AccessPolicy \"developers-edit\" requires."
            )
            #expect(plan.status?.conditions?[type: .granted]?.reason == "ApprovalsMissing")
        }
        // An approval that does not verify does not back it either.
        let unsigned = Self.plan(AccessRequest.fixture(.phase(.active))) { _ in false }
        #expect(unsigned.status?.phase == .revoked)
        // Auto-approved grants need none; a policy that now requires more revokes what it no longer backs.
        let auto = PlanCase(
            name: "", request: AccessRequest.fixture(.phase(.active, backedBy: nil)), policies: [.fixture(required: 0)],
            binding: .current
        ).run()
        #expect((auto.status ?? AccessRequest.fixture(.phase(.active)).status)?.phase == .active)
        let stricter = PlanCase(
            name: "", request: AccessRequest.fixture(.phase(.active)), policies: [.fixture(required: 2)],
            binding: .current
        ).run()
        #expect(stricter.status?.phase == .revoked)
        #expect(stricter.writeKinds == [.deleteBinding, .removeFinalizer])
    }

    @Test("A requester whose signature does not verify is rejected when new or pending, and revoked when granted")
    func unverifiedRequester() {
        let reason =
            "spec.requester carries no valid signature from the Drawbridge admission webhook, so nobody vouches for who asked (was the request written with the webhook disabled, or its spec edited?)"
        for request in [AccessRequest.fixture(), AccessRequest.fixture(.phase(.pending))] {
            let plan = Self.plan(request, requesterAuthentic: false) { _ in true }
            #expect(plan.status?.phase == .rejected)
            #expect(plan.status?.message == reason)
            #expect(plan.status?.conditions?[type: .approved]?.reason == "RequesterUnverified")
        }
        let active = Self.plan(
            AccessRequest.fixture(.phase(.active), .approvedBy("bob")), requesterAuthentic: false
        ) { _ in true }
        #expect(active.status?.phase == .revoked)
        #expect(active.status?.message == "Revoked: \(reason).")
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
        let plan = PlanCase(name: "", request: request).run()
        #expect(plan.status?.phase == .rejected)
        #expect(plan.status?.message == message)
        #expect(plan.writes.isEmpty)
        #expect(plan.actions == [.rejected])
        #expect(plan.audit.first?.message == message)
        #expect(plan.events.first?.type == .warning)
    }
}
