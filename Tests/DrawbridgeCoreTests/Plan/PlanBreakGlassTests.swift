import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

/// developers-edit, where developers may also break glass: for 1h at most, reviewed by sre within
/// 24h, once a day per person.
private let glass = AccessPolicy.fixture().breakingGlass()

/// alice's break-glass grant, Active from t0+120 to t0+1920, its review pending.
private func broken(_ changes: RequestChange...) -> AccessRequest {
    var request = AccessRequest.fixture(.phase(.active, backedBy: nil), .brokeGlass())
    for change in changes { change.apply(&request) }
    return request
}

/// Another break-glass request by alice, granted `seconds` after t0.
private func earlierBreakGlass(grantedAt seconds: Double) -> RequestSummary {
    RequestSummary(
        kind: "AccessRequest", key: ObjectKey(namespace: "demo", name: "alice-earlier"), uid: "uid-earlier",
        requester: "alice", createdAt: KubeTime(Fixtures.at(seconds)), phase: .expired, breakGlass: true,
        grantedAt: KubeTime(Fixtures.at(seconds)))
}

/// Another break-glass request by alice, created `seconds` after t0 and not decided yet.
private func undecidedBreakGlass(createdAt seconds: Double, name: String = "alice-other") -> RequestSummary {
    RequestSummary(
        kind: "AccessRequest", key: ObjectKey(namespace: "demo", name: name), uid: "uid-\(name)", requester: "alice",
        createdAt: KubeTime(Fixtures.at(seconds)), phase: nil, breakGlass: true, grantedAt: nil)
}

private let breakGlassCases: [PlanCase] = [
    PlanCase(
        name: "Two break-glass requests made together: the later one is refused while the earlier is undecided",
        request: .fixture(.breakGlass()), policies: [glass], phase: .rejected, records: [.rejected],
        message:
            "alice is already breaking glass with AccessRequest demo/alice-other, not decided yet; AccessPolicy \"developers-edit\" allows it once every 24h per person",
        others: [undecidedBreakGlass(createdAt: -10)]),
    PlanCase(
        name: "Two break-glass requests made together: the earlier one is granted",
        request: .fixture(.breakGlass()), policies: [glass], phase: .active, writes: [.addFinalizer, .ensureBinding],
        records: [.requested, .breakGlassGranted, .granted], others: [undecidedBreakGlass(createdAt: 10)]),
    PlanCase(
        name: "A break-glass request under a policy that allows it is granted at once, loudly",
        request: .fixture(.breakGlass()), policies: [glass], phase: .active, writes: [.addFinalizer, .ensureBinding],
        records: [.requested, .breakGlassGranted, .granted],
        message: "ClusterRole/edit is bound to User \"alice\" in namespace demo until 2027-01-15T08:32:00Z.",
        requeue: 1920),
    PlanCase(
        name: "A break-glass request under a policy without breakGlass is rejected",
        request: .fixture(.breakGlass()), phase: .rejected, records: [.rejected],
        message: "no AccessPolicy allows User \"alice\" to break glass for ClusterRole/edit in namespace \"demo\""),
    PlanCase(
        name: "Someone outside breakGlass.requesters cannot break glass, even if they may request",
        request: .fixture(.breakGlass()), policies: [AccessPolicy.fixture().breakingGlass(groups: ["sre"])],
        phase: .rejected, records: [.rejected],
        message: "no AccessPolicy allows User \"alice\" to break glass for ClusterRole/edit in namespace \"demo\""),
    PlanCase(
        name: "A break-glass request longer than breakGlass.maxDuration is rejected",
        request: .fixture(duration: "2h", .breakGlass()), policies: [glass], phase: .rejected, records: [.rejected],
        message:
            "requested duration 2h exceeds the break-glass maximum 1h allowed by AccessPolicy \"developers-edit\""),
    PlanCase(
        name: "Without a duration, a break-glass grant lasts breakGlass.maxDuration",
        request: .fixture(duration: nil, .breakGlass()), policies: [glass], phase: .active,
        writes: [.addFinalizer, .ensureBinding], records: [.requested, .breakGlassGranted, .granted], requeue: 3720),
    PlanCase(
        name: "Breaking glass again within the cooldown is rejected",
        request: .fixture(.breakGlass()), policies: [glass], phase: .rejected, records: [.rejected],
        message:
            "alice broke glass at 2027-01-14T09:00:00Z (AccessRequest demo/alice-earlier); AccessPolicy \"developers-edit\" allows it once every 24h per person, so not again before 2027-01-15T09:00:00Z",
        others: [earlierBreakGlass(grantedAt: -82800)]),
    PlanCase(
        name: "Breaking glass once the cooldown has passed is granted",
        request: .fixture(.breakGlass()), policies: [glass], phase: .active, writes: [.addFinalizer, .ensureBinding],
        records: [.requested, .breakGlassGranted, .granted], others: [earlierBreakGlass(grantedAt: -86400)]),
    PlanCase(
        name: "An approver's Ratify is recorded once; the grant goes on",
        request: broken(.reviewedBy("bob", .ratify, at: 600, comment: "right call")), policies: [glass],
        binding: .current, now: 601, phase: .active, records: [.breakGlassRatified], requeue: 1920),
    PlanCase(
        name: "An approver's Reject revokes a live break-glass grant at once",
        request: broken(.reviewedBy("bob", .reject, at: 600, comment: "no incident")), policies: [glass],
        binding: .current, now: 601, phase: .revoked, writes: [.deleteBinding, .removeFinalizer],
        records: [.breakGlassRejected], message: "Break-glass access rejected by bob: no incident.",
        requeue: .some(nil)),
    PlanCase(
        name: "The requester cannot ratify their own break-glass, even in an approver group",
        request: broken(.reviewedBy("alice", .ratify, groups: ["sre"], at: 600)), policies: [glass],
        binding: .current, now: 601, phase: .active, requeue: 1920),
    PlanCase(
        name: "Someone who is not an approver cannot reject it",
        request: broken(.reviewedBy("mallory", .reject, groups: ["developers"], at: 600)), policies: [glass],
        binding: .current, now: 601, phase: .active),
    PlanCase(
        name: "A review due before the grant ends is looked at again at its deadline",
        request: broken(), policies: [AccessPolicy.fixture().breakingGlass(reviewWithin: "10m")], binding: .current,
        now: 601, phase: .active, requeue: 720),
    PlanCase(
        name: "A review not made within reviewWithin is flagged overdue, once",
        request: broken(), policies: [AccessPolicy.fixture().breakingGlass(reviewWithin: "10m")], binding: .current,
        now: 720, phase: .active, records: [.breakGlassReviewOverdue], requeue: 1920),
    PlanCase(
        name: "After it expired, a break-glass grant still waits for its review",
        request: broken(.custom { $0.status?.phase = .expired }, .finalizer(false)), policies: [glass], now: 3000,
        phase: .expired, requeue: 86520),
    PlanCase(
        name: "After it expired, an overdue review is still flagged",
        request: broken(.custom { $0.status?.phase = .expired }, .finalizer(false)), policies: [glass], now: 86520,
        phase: .expired, records: [.breakGlassReviewOverdue]),
    PlanCase(
        name: "A Reject after the grant expired marks it rejected; the phase stays",
        request: broken(
            .custom { $0.status?.phase = .expired }, .finalizer(false),
            .reviewedBy("bob", .reject, at: 5000, comment: "no incident")),
        policies: [glass], now: 5001, phase: .expired, records: [.breakGlassRejected]),
    PlanCase(
        name: "A break-glass grant is never extended",
        request: broken(.extensionAsked(at: 600)), policies: [glass.extending(required: 0)], binding: .current,
        now: 601, phase: .active, records: [.extensionRequested, .extensionDenied]),
]

@Suite("Plan: break-glass")
struct PlanBreakGlassTests {
    @Test(
        "Each break-glass situation yields the expected phase, writes, records, message and requeue",
        arguments: breakGlassCases)
    func transition(_ row: PlanCase) {
        row.expectPlanMatches()
    }

    @Test("Granting says so loudly: a Warning, the approver condition, and the review it waits for")
    func grantMessages() throws {
        let plan = PlanCase(name: "", request: .fixture(.breakGlass()), policies: [glass]).run()
        let record = try #require(plan.audit.first { $0.action == .breakGlassGranted })
        #expect(record.type == "Warning")
        #expect(
            record.message
                == "alice broke glass: ClusterRole/edit in namespace demo for 30m under AccessPolicy \"developers-edit\", without approval; group sre must ratify or reject it by 2027-01-16T08:02:00Z."
        )
        let conditions = try #require(plan.status?.conditions)
        #expect(conditions[type: .approved]?.reason == "BreakGlass")
        #expect(conditions[type: .reviewPending]?.status == .true)
        #expect(
            conditions[type: .reviewPending]?.message
                == "group sre must ratify or reject this break-glass access by 2027-01-16T08:02:00Z.")
        #expect(plan.events.first { $0.reason == .audit(.breakGlassGranted) }?.type == .warning)
    }

    @Test("Breaking glass and its review are routed to the policy's notification channels")
    func notifiesTheApprovers() throws {
        var routed = glass
        routed.spec.notify = [
            NotificationRoute(channel: "sre-pager", on: ["BreakGlassGranted", "BreakGlassReviewOverdue"]),
            NotificationRoute(channel: "audit", on: ["Granted"]),
        ]
        let plan = PlanCase(name: "", request: .fixture(.breakGlass()), policies: [routed]).run()
        let granted = try #require(plan.audit.first { $0.action == .breakGlassGranted })
        let ledger = try #require(plan.status?.notifications)
        #expect(ledger[granted.id]?.action == "BreakGlassGranted")
        #expect(ledger[granted.id]?.channels == ["sre-pager"])
        #expect(ledger.values.map(\.action).sorted() == ["BreakGlassGranted", "Granted"])
    }

    @Test("Ratify, Reject and overdue settle the review conditions; a late review clears the overdue flag")
    func reviewConditions() throws {
        let ratified = PlanCase(
            name: "", request: broken(.reviewedBy("bob", .ratify, at: 600, comment: "right call")), policies: [glass],
            binding: .current, now: 601
        ).run()
        let pending = try #require(ratified.status?.conditions?[type: .reviewPending])
        #expect(pending.status == .false)
        #expect(pending.reason == "Ratified")
        #expect(pending.message == "Break-glass access ratified by bob: right call.")

        var overdue = broken()
        overdue.status =
            PlanCase(
                name: "", request: overdue, policies: [AccessPolicy.fixture().breakingGlass(reviewWithin: "10m")],
                binding: .current, now: 720
            ).run().status
        #expect(overdue.status?.conditions?[type: .reviewOverdue]?.status == .true)
        RequestChange.reviewedBy("carol", .ratify, at: 800).apply(&overdue)
        let late = PlanCase(
            name: "", request: overdue, policies: [AccessPolicy.fixture().breakingGlass(reviewWithin: "10m")],
            binding: .current, now: 801
        ).run()
        #expect(late.actions == [.breakGlassRatified])
        #expect(late.status?.conditions?[type: .reviewOverdue]?.status == .false)
        #expect(late.status?.conditions?[type: .reviewOverdue]?.reason == "Reviewed")
        // Planning again changes nothing.
        overdue.status = late.status
        #expect(
            PlanCase(
                name: "", request: overdue, policies: [AccessPolicy.fixture().breakingGlass(reviewWithin: "10m")],
                binding: .current, now: 900
            ).run().isEmpty)
    }
}
