import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Testing

@Suite("Request options (can-request)")
struct RequestOptionsTests {
    static let alice = UserIdentity(username: "alice", groups: ["developers"])

    static func summary(_ offers: [RequestOptions.Offer]) -> [String] {
        offers.map { offer in
            switch offer.decision {
            case .allowed(let terms):
                "\(offer.role) in \(offer.namespace): \(terms.policy), \(terms.requiredApprovals) approval(s), max \(GoDuration.humanize(terms.maxDuration))\(offer.reasonPattern.map { ", reason \($0)" } ?? "")"
            case .rejected(let rejection): "\(offer.role) in \(offer.namespace): \(rejection.message)"
            }
        }
    }

    static let policies: [AccessPolicy] = [
        .fixture(name: "edit-demo", reasonPattern: "INC-[0-9]+"),
        .fixture(name: "edit-demo-strict", required: 2, approverGroups: ["sre", "security"]),
        .fixture(
            name: "view-anywhere", namespaces: ["*"], roles: [.init(kind: "ClusterRole", name: "view")], required: 0),
        .fixture(
            name: "edit-labelled", namespaces: nil, namespaceSelector: LabelSelector(matchLabels: ["env": "dev"]),
            maxDuration: "2h"),
        .fixture(name: "sre-admin", groups: ["sre"], roles: [.init(kind: "ClusterRole", name: "admin")]),
        .fixture(
            name: "guarded", namespaces: ["prod"],
            forbiddenRules: [PolicyRule(verbs: ["delete"], apiGroups: [""], resources: ["pods"])]),
    ]

    @Test(
        "Every place a matching policy names, judged by the engine: the strictest governs, reason patterns become requirements"
    )
    func everywhere() {
        let offers = RequestOptions.offers(
            to: Self.alice, policies: Self.policies,
            roleRules: { _, _ in [PolicyRule(verbs: ["delete"], apiGroups: [""], resources: ["pods"])] })
        #expect(
            Self.summary(offers) == [
                "ClusterRole/view in *: view-anywhere, 0 approval(s), max 1h",
                "ClusterRole/edit in demo: edit-demo-strict, 2 approval(s), max 1h",
                "ClusterRole/edit in labelled env=dev: edit-labelled, 1 approval(s), max 2h",
                "ClusterRole/edit in prod: ClusterRole/edit is forbidden by AccessPolicy \"guarded\": it grants delete on pods",
            ])
    }

    @Test("With a namespace, exactly that namespace, labels included; with a role, only that role")
    func oneNamespaceAndRole() {
        let labelled = RequestOptions.offers(
            to: Self.alice, policies: Self.policies, namespace: "team-a", namespaceLabels: ["env": "dev"])
        #expect(
            Self.summary(labelled) == [
                "ClusterRole/edit in team-a: edit-labelled, 1 approval(s), max 2h",
                "ClusterRole/view in team-a: view-anywhere, 0 approval(s), max 1h",
            ])
        let viewOnly = RequestOptions.offers(
            to: Self.alice, policies: Self.policies, namespace: "demo", roleName: "view")
        #expect(Self.summary(viewOnly) == ["ClusterRole/view in demo: view-anywhere, 0 approval(s), max 1h"])
        #expect(RequestOptions.offers(to: Self.alice, policies: Self.policies, roleName: "admin").isEmpty)
        #expect(
            RequestOptions.offers(to: Self.alice, policies: Self.policies, roleName: "edit", roleKind: "Role").isEmpty)
    }

    @Test("The reason pattern shown is the governing policy's; an invalid pattern keeps its policy invalid")
    func reasonPatterns() {
        let offers = RequestOptions.offers(
            to: Self.alice,
            policies: [
                .fixture(name: "ok", reasonPattern: "INC-[0-9]+"),
                .fixture(name: "bad", namespaces: ["prod"], reasonPattern: "("),
            ])
        #expect(Self.summary(offers) == ["ClusterRole/edit in demo: ok, 1 approval(s), max 1h, reason INC-[0-9]+"])
    }
}
