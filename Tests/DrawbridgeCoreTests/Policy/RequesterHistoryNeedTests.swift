import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Testing

@Suite("Policy set: when a requester's other requests matter")
struct RequesterHistoryNeedTests {
    static func capped(_ limit: Int) -> AccessPolicy {
        var policy = AccessPolicy.fixture(name: "capped")
        policy.spec.maxActivePerRequester = limit
        return policy
    }

    static func broken() -> AccessPolicy {
        var policy = capped(3)
        policy.spec.maxActivePerRequester = 0
        return policy
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var policies: [AccessPolicy]
        var defaults = PolicyDefaults()
        var matters: Bool
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        .init(name: "plain policies: no", policies: [.fixture()], matters: false),
        .init(name: "a policy's maxActivePerRequester: yes", policies: [.fixture(), capped(2)], matters: true),
        .init(
            name: "the cluster default: yes", policies: [.fixture()], defaults: .init(maxActivePerRequester: 5),
            matters: true),
        .init(name: "break-glass with a cooldown: yes", policies: [.fixture().breakingGlass()], matters: true),
        .init(
            name: "break-glass without a cooldown: no", policies: [.fixture().breakingGlass(cooldown: nil)],
            matters: false),
        .init(
            name: "only an invalid policy has a cap: no (it grants nothing)", policies: [.fixture(), broken()],
            matters: false),
    ]

    @Test("Reading a requester's other requests is needed only for a cap or a cooldown", arguments: cases)
    func need(_ row: Case) {
        #expect(PolicySet(row.policies, defaults: row.defaults).judgesRequesterHistory == row.matters)
    }
}
