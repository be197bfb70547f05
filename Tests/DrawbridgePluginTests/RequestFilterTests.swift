import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgePlugin
import DrawbridgeTesting
import Testing

@Suite("ls filters and the reviewer inbox")
struct RequestFilterTests {
    static let requests: [AccessRequest] = [
        .fixture(name: "alice-pending", .phase(.pending)),
        .fixture(name: "alice-active", .phase(.active), PluginFixtures.signed),
        .fixture(name: "bob-pending", requester: "bob", groups: ["sre", "developers"], .phase(.pending)),
        .fixture(name: "alice-approved-by-carol", .approvedBy("carol"), .phase(.pending), PluginFixtures.signed),
        .fixture(name: "alice-forged-by-carol", .approvedBy("carol"), .phase(.pending)),
        .fixture(name: "alice-elsewhere", namespace: "prod", .phase(.pending)),
        .fixture(name: "alice-new"),
        .fixture(name: "alice-denied", .deniedBy("bob"), .phase(.denied), PluginFixtures.signed),
    ]

    static func names(_ filter: RequestFilter, as caller: CallerIdentity) -> [String] {
        filter.apply(requests, caller: caller, context: PluginFixtures.context).compactMap(\.metadata.name)
    }

    static let carol = CallerIdentity(username: "carol", groups: ["sre"])
    static let bob = CallerIdentity(username: "bob", groups: ["sre", "developers"])
    static let alice = CallerIdentity(username: "alice", groups: ["developers"])

    @Test("--to-review also lists a live grant whose extension waits for the caller, given the time")
    func extensionWaiting() {
        let grant = AccessRequest.fixture(
            name: "alice-longer", .phase(.active), .extensionAsked(at: 60), PluginFixtures.signed)
        let context = PolicyContext(policies: [AccessPolicy.fixture().extending()])
        let inbox = RequestFilter(toReview: true)
        #expect(inbox.apply([grant], caller: Self.carol, context: context, now: PluginFixtures.at(120)) == [grant])
        #expect(inbox.apply([grant], caller: Self.alice, context: context, now: PluginFixtures.at(120)).isEmpty)
        #expect(inbox.apply([grant], caller: Self.carol, context: context).isEmpty, "without the time, Revoke only")
    }

    @Test(
        "--to-review lists what the caller could approve now: pending or new, not their own, approver, not yet approved by them"
    )
    func inbox() {
        #expect(
            Self.names(RequestFilter(toReview: true), as: Self.carol) == [
                "alice-forged-by-carol", "alice-new", "alice-pending", "bob-pending",
            ])
        #expect(
            Self.names(RequestFilter(toReview: true), as: Self.bob) == [
                "alice-approved-by-carol", "alice-forged-by-carol", "alice-new", "alice-pending",
            ])
        #expect(Self.names(RequestFilter(toReview: true), as: Self.alice) == [])
    }

    @Test("--mine and --active narrow to the caller's requests and to live grants, and combine")
    func mineAndActive() {
        #expect(Self.names(RequestFilter(mine: true), as: Self.bob) == ["bob-pending"])
        #expect(Self.names(RequestFilter(active: true), as: Self.bob) == ["alice-active"])
        #expect(Self.names(RequestFilter(mine: true, active: true), as: Self.alice) == ["alice-active"])
        #expect(Self.names(RequestFilter(), as: Self.alice).count == Self.requests.count)
    }
}
