import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

private func activeUntil(_ time: String) -> String {
    "ClusterRole/edit is bound to User \"alice\" in namespace demo until \(time)."
}

/// The fixture policy (1h at most, one approval from sre within 30m) with extensions up to 2h in
/// total, twice, each approved by one sre.
private let extendable = AccessPolicy.fixture().extending()

/// The grant of every row: alice's, Active from t0+120 to t0+1920 (08:32:00), approved by bob.
private func grant(_ changes: RequestChange...) -> AccessRequest {
    var request = AccessRequest.fixture(.phase(.active))
    for change in changes { change.apply(&request) }
    return request
}

/// Every extension transition: asked, approved (the binding's expiry moves in the same plan, before
/// the status), denied, timed out, refused by the limits, lapsed with the grant.
private let extensionCases: [PlanCase] = [
    PlanCase(
        name: "An Extend on a live grant is recorded and waits for an extension approver",
        request: grant(.extensionAsked(at: 600, comment: "still rolling back")), policies: [extendable],
        binding: .current, now: 601, phase: .active, records: [.extensionRequested],
        message: activeUntil("2027-01-15T08:32:00Z")
            + " Extension by 30m asked by alice waits for approval from group sre: 0 of 1; times out at 2027-01-15T08:40:00Z.",
        requeue: 1920),
    PlanCase(
        name: "An extension whose deadline comes before the expiry is looked at again at its deadline",
        request: grant(.extensionAsked(at: 600)), policies: [.fixture().extending(timeout: "5m")],
        binding: .current, now: 601, phase: .active, records: [.extensionRequested], requeue: 900),
    PlanCase(
        name: "An approved extension moves expiresAt; the binding moves in the same plan",
        request: grant(.extensionAsked(at: 600), .approvedBy("bob", at: 700)), policies: [extendable],
        binding: .current, now: 701, phase: .active, writes: [.ensureBinding],
        records: [.extensionRequested, .extended], message: activeUntil("2027-01-15T09:02:00Z"), requeue: 3720),
    PlanCase(
        name: "An approval of an extension already waiting applies it",
        request: grant(
            .extensionAsked(at: 600), .extensionEntry(askedAt: 600, state: .pending), .approvedBy("bob", at: 700)),
        policies: [extendable], binding: .current, now: 701, phase: .active, writes: [.ensureBinding],
        records: [.extended], message: activeUntil("2027-01-15T09:02:00Z"), requeue: 3720),
    PlanCase(
        name: "With extension.approval.required 0 an Extend extends at once",
        request: grant(.extensionAsked(duration: "15m", at: 600)), policies: [.fixture().extending(required: 0)],
        binding: .current, now: 601, phase: .active, writes: [.ensureBinding],
        records: [.extensionRequested, .extended], message: activeUntil("2027-01-15T08:47:00Z"), requeue: 2820),
    PlanCase(
        name: "An approver may ask for the extension; another approver approves it",
        request: grant(.extensionAsked(by: "bob", groups: ["sre"], at: 600), .approvedBy("carol", at: 700)),
        policies: [extendable], binding: .current, now: 701, phase: .active, writes: [.ensureBinding],
        records: [.extensionRequested, .extended], requeue: 3720),
    PlanCase(
        name: "Whoever asked for an extension cannot approve it",
        request: grant(.extensionAsked(by: "bob", groups: ["sre"], at: 600), .approvedBy("bob", at: 700)),
        policies: [extendable], binding: .current, now: 701, phase: .active, records: [.extensionRequested],
        requeue: 1920),
    PlanCase(
        name: "The grant's requester cannot approve their own extension, even in an approver group",
        request: grant(.extensionAsked(at: 600), .approvedBy("alice", groups: ["sre"], at: 700)),
        policies: [extendable], binding: .current, now: 701, phase: .active, records: [.extensionRequested],
        requeue: 1920),
    PlanCase(
        name: "Someone who is neither requester nor approver cannot ask",
        request: grant(.extensionAsked(by: "mallory", groups: ["developers"], at: 600)), policies: [extendable],
        binding: .current, now: 601, phase: .active),
    PlanCase(
        name: "An extension approver's Deny refuses the extension and leaves the grant as it was",
        request: grant(.extensionAsked(at: 600), .deniedBy("bob", at: 700, comment: "wrap it up")),
        policies: [extendable], binding: .current, now: 701, phase: .active,
        records: [.extensionRequested, .extensionDenied], message: activeUntil("2027-01-15T08:32:00Z"), requeue: 1920),
    PlanCase(
        name: "An extension nobody approves in time is refused; the grant is unchanged",
        request: grant(.extensionAsked(at: 600), .extensionEntry(askedAt: 600, state: .pending)),
        policies: [.fixture().extending(timeout: "5m")], binding: .current, now: 900, phase: .active,
        records: [.extensionDenied], message: activeUntil("2027-01-15T08:32:00Z"), requeue: 1920),
    PlanCase(
        name: "An approval after the extension's deadline does not count",
        request: grant(.extensionAsked(at: 600), .approvedBy("bob", at: 901)),
        policies: [.fixture().extending(timeout: "5m")], binding: .current, now: 902, phase: .active,
        records: [.extensionRequested, .extensionDenied], requeue: 1920),
    PlanCase(
        name: "An extension that would make the grant last beyond maxTotal is refused",
        request: grant(.extensionAsked(duration: "45m", at: 600)),
        policies: [.fixture().extending(maxTotal: "1h", required: 0)],
        binding: .current, now: 601, phase: .active, records: [.extensionRequested, .extensionDenied],
        message: activeUntil("2027-01-15T08:32:00Z"), requeue: 1920),
    PlanCase(
        name: "Extensions beyond maxExtensions are refused",
        request: grant(
            .extensionAsked(duration: "10m", at: 300), .extensionAsked(duration: "10m", at: 400),
            .extensionAsked(duration: "10m", at: 500)),
        policies: [.fixture().extending(maxTotal: "4h", maxExtensions: 2, required: 0)], binding: .current, now: 501,
        phase: .active, writes: [.ensureBinding],
        records: [
            .extensionRequested, .extended, .extensionRequested, .extended, .extensionRequested, .extensionDenied,
        ],
        message: activeUntil("2027-01-15T08:52:00Z"), requeue: 3120),
    PlanCase(
        name: "Under a policy without extension, an Extend is refused",
        request: grant(.extensionAsked(at: 600)), binding: .current, now: 601, phase: .active,
        records: [.extensionRequested, .extensionDenied], message: activeUntil("2027-01-15T08:32:00Z"),
        requeue: 1920),
    PlanCase(
        name: "An extension still waiting when the grant expires lapses with it",
        request: grant(.extensionAsked(at: 600), .extensionEntry(askedAt: 600, state: .pending)),
        policies: [extendable], binding: .current, now: 1920, phase: .expired,
        writes: [.deleteBinding, .removeFinalizer], records: [.extensionDenied, .expired], requeue: .some(nil)),
    PlanCase(
        name: "An approval recorded after the old expiry extends nothing",
        request: grant(
            .extensionAsked(at: 600), .extensionEntry(askedAt: 600, state: .pending), .approvedBy("bob", at: 1925)),
        policies: [extendable], binding: .current, now: 1930, phase: .expired,
        writes: [.deleteBinding, .removeFinalizer], records: [.extensionDenied, .expired]),
    PlanCase(
        name: "An approval recorded just before the old expiry but seen after it still extends",
        request: grant(
            .extensionAsked(at: 600), .extensionEntry(askedAt: 600, state: .pending), .approvedBy("bob", at: 1919)),
        policies: [extendable], binding: .current, now: 1925, phase: .active, writes: [.ensureBinding],
        records: [.extended], message: activeUntil("2027-01-15T09:02:00Z"), requeue: 3720),
    PlanCase(
        name: "An Extended entry no verified review backs extends nothing: expiresAt is cut back",
        request: grant(.extensionEntry(duration: "2h", askedAt: 600, state: .extended), .expiresAt(1920 + 7200)),
        policies: [extendable], binding: .current, now: 1000, phase: .active, writes: [.ensureBinding],
        records: [.grantShortened], message: activeUntil("2027-01-15T09:02:00Z"), requeue: 3720),
    PlanCase(
        name: "A second ask in the same second as a decided one is a new extension, not the old one",
        request: grant(
            .extensionAsked(at: 600), .deniedBy("bob", at: 600), .extensionEntry(askedAt: 600, state: .denied),
            .extensionAsked(at: 600)),
        policies: [extendable], binding: .current, now: 601, phase: .active, records: [.extensionRequested],
        message: activeUntil("2027-01-15T08:32:00Z")
            + " Extension by 30m asked by alice waits for approval from group sre: 0 of 1; times out at 2027-01-15T08:40:00Z."
    ),
    PlanCase(
        name: "A Revoke ends a grant whose extension is waiting; the extension lapses",
        request: grant(
            .extensionAsked(at: 600), .extensionEntry(askedAt: 600, state: .pending), .revokedBy("bob", at: 700)),
        policies: [extendable], binding: .current, now: 701, phase: .revoked,
        writes: [.deleteBinding, .removeFinalizer], records: [.extensionDenied, .revoked]),
]

@Suite("Plan: extending a live grant")
struct PlanExtensionTests {
    @Test(
        "Each extension situation yields the expected phase, writes, records, message and requeue",
        arguments: extensionCases)
    func transition(_ row: PlanCase) {
        row.expectPlanMatches()
    }

    @Test("The extension's record says exactly what happened, and the binding's expiry moves before the status")
    func messagesAndOrder() throws {
        let approved = PlanCase(
            name: "",
            request: grant(.extensionAsked(at: 600, comment: "still rolling back"), .approvedBy("bob", at: 700)),
            policies: [extendable], binding: .current, now: 701)
        let plan = approved.run()
        #expect(
            plan.audit.map(\.message) == [
                "alice asked to extend the grant by 30m: still rolling back; it needs 1 approval(s) from group sre by 2027-01-15T08:40:00Z.",
                "Grant extended by 30m (asked by alice, approved by bob): now expires at 2027-01-15T09:02:00Z.",
            ])
        let status = try #require(plan.status)
        #expect(
            status.extensions == [
                GrantExtension(
                    requestedBy: "alice", requestedAt: KubeTime(Fixtures.at(600)), duration: "30m", state: .extended,
                    approvedBy: ["bob"], decidedAt: KubeTime(Fixtures.at(701)),
                    expiresAt: KubeTime(Fixtures.at(3720)),
                    message:
                        "Grant extended by 30m (asked by alice, approved by bob): now expires at 2027-01-15T09:02:00Z.")
            ])
        // The binding's annotation and label carry the new expiry, and are written before the status.
        guard case .ensureBinding(let desired, _)? = plan.writes.first else {
            Issue.record("expected the binding to be updated, got \(plan.writes)")
            return
        }
        #expect(desired.metadata.annotations?[Drawbridge.Keys.expiresAt] == "2027-01-15T09:02:00Z")
        #expect(
            desired.metadata.labels?[Drawbridge.Keys.expiryLabel]
                == GrantBinding.expiryLabel(KubeTime(Fixtures.at(3720))))
        let order = plan.steps.map { step -> String in
            switch step {
            case .write: "write"
            case .audit: "audit"
            case .status: "status"
            case .event: "event"
            }
        }
        #expect(order.firstIndex(of: "write") ?? 99 < order.firstIndex(of: "status") ?? -1)
    }

    @Test(
        "Refusals and lapses say why, in the record and in status.extensions",
        arguments: [
            (
                grant(.extensionAsked(at: 600), .deniedBy("bob", at: 700, comment: "wrap it up")), extendable, 701.0,
                "Extension by 30m asked by alice denied by bob: wrap it up."
            ),
            (
                grant(.extensionAsked(at: 600)), AccessPolicy.fixture().extending(timeout: "5m"), 900.0,
                "Extension by 30m asked by alice timed out with 0 of 1 approvals at 2027-01-15T08:15:00Z."
            ),
            (
                grant(.extensionAsked(duration: "45m", at: 600)),
                AccessPolicy.fixture().extending(maxTotal: "1h", required: 0), 601.0,
                "Extension by 45m asked by alice refused: the grant would last 1h15m, beyond the 1h AccessPolicy \"developers-edit\" allows in total."
            ),
            (
                grant(.extensionAsked(at: 600)), AccessPolicy.fixture(), 601.0,
                "Extension by 30m asked by alice refused: AccessPolicy \"developers-edit\" does not allow extensions."
            ),
            (
                grant(.extensionAsked(at: 600), .approvedBy("bob", at: 1925)), extendable, 1930.0,
                "Extension by 30m asked by alice refused: it was approved at 2027-01-15T08:32:05Z, after the grant expired at 2027-01-15T08:32:00Z."
            ),
            (
                grant(.extensionAsked(at: 600), .extensionEntry(askedAt: 600, state: .pending)), extendable, 1920.0,
                "Extension by 30m asked by alice lapsed: the grant expired at 2027-01-15T08:32:00Z before it was approved."
            ),
        ])
    func refusals(request: AccessRequest, policy: AccessPolicy, now: Double, message: String) throws {
        let plan = PlanCase(name: "", request: request, policies: [policy], binding: .current, now: now).run()
        #expect(plan.audit.first { $0.action == .extensionDenied }?.message == message)
        #expect(plan.status?.extensions?.last?.state == .denied)
        #expect(plan.status?.extensions?.last?.message == message)
    }

    @Test("Planning again after an extension is a fixed point, and an extension is applied once")
    func fixedPoint() throws {
        var request = grant(.extensionAsked(at: 600), .approvedBy("bob", at: 700))
        let first = PlanCase(name: "", request: request, policies: [extendable], binding: .current, now: 701).run()
        request.status = first.status
        guard case .ensureBinding(let desired, _)? = first.writes.first else {
            Issue.record("expected the binding to move")
            return
        }
        let again = AccessRequestPlanner.plan(
            PlanInput(
                request: .present(request), binding: .present(desired), policies: PolicySet([extendable]),
                now: Fixtures.at(800), isAuthentic: Fixtures.trustAll, isRequesterAuthentic: true))
        #expect(again.isEmpty, "\(again)")
        #expect(request.status?.expiresAt == KubeTime(Fixtures.at(3720)))
    }

    @Test("An Extend or approval without a valid signature counts for nothing")
    func unsignedRecordsDoNothing() {
        let row = PlanCase(
            name: "", request: grant(.extensionAsked(at: 600), .approvedBy("bob", at: 700)), policies: [extendable],
            binding: .current, now: 701)
        let plan = AccessRequestPlanner.plan(row.input(authentic: { $0.decision != .extend }))
        #expect(!plan.actions.contains(.extended))
        #expect(plan.status?.extensions == nil)
    }
}
