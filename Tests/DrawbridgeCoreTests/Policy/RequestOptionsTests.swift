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

    @Test("A Cluster policy offers its ClusterRoles cluster-wide, judged as a ClusterAccessRequest, only without -n")
    func clusterWideOffers() {
        let policies =
            Self.policies + [
                AccessPolicy.fixture(
                    name: "cluster-view", roles: [.init(kind: "ClusterRole", name: "view")], maxDuration: "30m",
                    reasonPattern: "CHG-[0-9]+"
                ).clusterScoped(),
                AccessPolicy.fixture(name: "cluster-sre", groups: ["sre"]).clusterScoped(),
            ]
        let offers = RequestOptions.offers(to: Self.alice, policies: policies, roleName: "view")
        #expect(
            Self.summary(offers) == [
                "ClusterRole/view in (cluster-wide): cluster-view, 1 approval(s), max 30m, reason CHG-[0-9]+",
                "ClusterRole/view in *: view-anywhere, 0 approval(s), max 1h",
            ])
        #expect(offers.map(\.clusterWide) == [true, false])
        // A namespace was asked about: a cluster-wide grant is not an offer in it.
        let inDemo = RequestOptions.offers(to: Self.alice, policies: policies, namespace: "demo", roleName: "view")
        #expect(!inDemo.contains { $0.clusterWide })
        // A Cluster policy alice's groups do not match offers her nothing.
        #expect(
            !RequestOptions.offers(to: Self.alice, policies: policies, roleName: "edit").contains { $0.clusterWide })
        // The rules a cluster-wide offer is judged by are the ClusterRole's (asked for without a namespace).
        let forbidding = [
            AccessPolicy.fixture(
                name: "cluster-guard", roles: [.init(kind: "ClusterRole", name: "view")],
                forbiddenRules: [PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["secrets"])]
            ).clusterScoped()
        ]
        let guarded = RequestOptions.offers(
            to: Self.alice, policies: forbidding, roleName: "view",
            roleRules: { _, namespace in
                namespace.isEmpty ? [PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["secrets"])] : []
            })
        #expect(guarded.count == 1)
        #expect(guarded.first?.clusterWide == true)
        #expect(guarded.first?.decision.isAllowed == false)
    }
}
