import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

/// Every action of the lifecycle, to one channel.
let everything = NotificationAction.routable.map(\.rawValue)

/// One row: a plan situation and the ledger entries (action → channels) its status must carry.
struct LedgerCase: Sendable, CustomTestStringConvertible {
    var name: String
    var request: AccessRequest
    var policies: [AccessPolicy]
    var now: Double = 120
    var binding: ObservedBinding = .absent
    /// Expected ledger after the plan: action → channels; nil when the plan writes no ledger.
    var ledger: [String: [String]]?

    var testDescription: String { name }

    func plan() -> Plan {
        AccessRequestPlanner.plan(
            PlanInput(
                request: .present(request), binding: binding, policies: PolicySet(policies), now: Fixtures.at(now),
                isAuthentic: Fixtures.trustAll, isRequesterAuthentic: true))
    }
}

private let cases: [LedgerCase] = [
    LedgerCase(
        name: "A new request under a policy that notifies records Requested for its channel",
        request: .fixture(), policies: [.fixture().notifying(.init(channel: "oncall", on: everything))],
        ledger: ["Requested": ["oncall"]]),
    LedgerCase(
        name: "A policy without notify leaves the status without a ledger", request: .fixture(),
        policies: [.fixture()], ledger: nil),
    LedgerCase(
        name: "Only the actions a route lists are recorded",
        request: .fixture(.phase(.pending), .approvedBy("bob")),
        policies: [.fixture().notifying(.init(channel: "audit", on: ["Granted"]))], ledger: ["Granted": ["audit"]]),
    LedgerCase(
        name: "An auto-approved request records Requested, Approved and Granted at once",
        request: .fixture(), policies: [.autoApprove.notifying(.init(channel: "oncall", on: everything))],
        ledger: ["Requested": ["oncall"], "Approved": ["oncall"], "Granted": ["oncall"]]),
    LedgerCase(
        name: "Several routes to several channels: each action lists its channels once, sorted",
        request: .fixture(),
        policies: [
            .fixture().notifying(
                .init(channel: "slack", on: ["Requested"]), .init(channel: "hook", on: ["Requested", "Granted"]),
                .init(channel: "slack", on: ["Requested", "Denied"]))
        ], ledger: ["Requested": ["hook", "slack"]]),
    LedgerCase(
        name: "A denial is recorded", request: .fixture(.phase(.pending), .deniedBy("bob")),
        policies: [.fixture().notifying(.init(channel: "oncall", on: everything))], ledger: ["Denied": ["oncall"]]),
    LedgerCase(
        name: "A timeout is recorded", request: .fixture(.phase(.pending)),
        policies: [.fixture().notifying(.init(channel: "oncall", on: everything))], now: 1800,
        ledger: ["TimedOut": ["oncall"]]),
    LedgerCase(
        name: "An expiry is recorded", request: .fixture(.phase(.active)),
        policies: [.fixture().notifying(.init(channel: "oncall", on: everything))], now: 1920,
        ledger: ["Expired": ["oncall"]]),
    LedgerCase(
        name: "A revocation is recorded", request: .fixture(.phase(.active), .revokedBy("carol", at: 300)),
        policies: [.fixture().notifying(.init(channel: "oncall", on: everything))], now: 400,
        ledger: ["Revoked": ["oncall"]]),
    LedgerCase(
        name: "A request rejected by the policy that covers it (duration too long) goes to that policy's channels",
        request: .fixture(duration: "2h"),
        policies: [.fixture().notifying(.init(channel: "oncall", on: ["Rejected"]))], ledger: ["Rejected": ["oncall"]]
    ),
    LedgerCase(
        name: "Rejected goes to every policy covering the request, not to policies about other roles",
        request: .fixture(duration: "2h"),
        policies: [
            .fixture().notifying(.init(channel: "oncall", on: ["Rejected"])),
            .fixture(name: "strict", maxDuration: "30m").notifying(.init(channel: "security", on: ["Rejected"])),
            .fixture(name: "views", roles: [.init(kind: "ClusterRole", name: "view")])
                .notifying(.init(channel: "elsewhere", on: ["Rejected"])),
        ], ledger: ["Rejected": ["oncall", "security"]]),
    LedgerCase(
        name: "A request no policy covers notifies nobody", request: .fixture(role: .init(kind: "Role", name: "x")),
        policies: [.fixture().notifying(.init(channel: "oncall", on: everything))], ledger: nil),
    LedgerCase(
        name: "A pass that changes nothing records nothing", request: .fixture(.phase(.active)),
        policies: [.fixture().notifying(.init(channel: "oncall", on: everything))], now: 300, ledger: nil),
]

@Suite("The planner records owed notifications in the transition's own status write")
struct NotificationLedgerTests {
    @Test(arguments: cases)
    func ledger(row: LedgerCase) throws {
        var row = row
        if row.request.status?.phase == .active {
            row.binding = BindingFixture.current.observed(for: row.request)
        }
        let plan = row.plan()
        guard let expected = row.ledger else {
            #expect(plan.status?.notifications == nil)
            return
        }
        let status = try #require(plan.status)
        let ledger = try #require(status.notifications)
        #expect(Dictionary(uniqueKeysWithValues: ledger.values.map { ($0.action, $0.channels) }) == expected)
        // Each entry is keyed by its audit record's id and says what the record says, when it says it.
        for record in plan.audit where ledger[record.id] != nil {
            let entry = try #require(ledger[record.id])
            #expect(entry.action == record.action.rawValue)
            #expect(entry.time == record.time)
            #expect(entry.message == record.message)
            #expect(entry.deliveries == nil)
        }
        #expect(ledger.count == expected.count)
    }

    @Test("A policy with notify changes nothing else about the plan")
    func notifyChangesNothingElse() throws {
        for row in cases {
            var silent = row
            silent.policies = row.policies.map {
                var policy = $0
                policy.spec.notify = nil
                return policy
            }
            var loud = row.plan()
            loud.status?.notifications = nil
            let quiet = silent.plan()
            #expect(loud.writes == quiet.writes, "\(row.name)")
            #expect(loud.audit == quiet.audit, "\(row.name)")
            #expect(loud.events == quiet.events, "\(row.name)")
            #expect(loud.requeueAt == quiet.requeueAt, "\(row.name)")
            #expect(loud.status == quiet.status, "\(row.name)")
        }
    }

    @Test("Planning the same transition again keeps the deliveries already recorded")
    func replanKeepsDeliveries() throws {
        let policies = [AccessPolicy.fixture().notifying(.init(channel: "oncall", on: everything))]
        let row = LedgerCase(name: "new", request: .fixture(), policies: policies)
        let first = try #require(row.plan().status?.notifications)
        let id = try #require(first.keys.first)
        var delivered = first
        delivered[id]?.deliveries = [
            "oncall": NotificationDelivery(result: NotificationDelivery.delivered, time: KubeTime(Fixtures.at(121)))
        ]
        // The pending request, as stored with its ledger, is approved: the Requested entry keeps its delivery.
        var request = AccessRequest.fixture(.phase(.pending), .approvedBy("bob"))
        request.status?.notifications = delivered
        let next = try #require(
            LedgerCase(name: "approve", request: request, policies: policies).plan().status?.notifications)
        #expect(next[id] == delivered[id])
        #expect(Set(next.values.map(\.action)) == ["Requested", "Approved", "Granted"])
    }

    @Test("Editing a policy's notify changes where later actions go, not where earlier ones are owed")
    func editedRoutesApplyToLaterActions() throws {
        let before = [AccessPolicy.fixture().notifying(.init(channel: "oncall", on: everything))]
        let first = try #require(
            LedgerCase(name: "new", request: .fixture(), policies: before).plan().status?.notifications)
        let requested = try #require(first.first { $0.value.action == "Requested" })
        // The policy now routes to another channel; the pending request is approved.
        let after = [AccessPolicy.fixture().notifying(.init(channel: "pager", on: everything))]
        var request = AccessRequest.fixture(.phase(.pending), .approvedBy("bob"))
        request.status?.notifications = first
        let next = try #require(
            LedgerCase(name: "approve", request: request, policies: after).plan().status?.notifications)
        #expect(next[requested.key]?.channels == ["oncall"], "what was owed stays owed where it was")
        #expect(next.filter { $0.key != requested.key }.values.allSatisfy { $0.channels == ["pager"] })
        #expect(Set(next.values.map(\.action)) == ["Requested", "Approved", "Granted"])
    }
}
