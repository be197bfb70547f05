import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Testing

@Suite("Policy explanation")
struct PolicyExplanationTests {
    static let alice = UserIdentity(username: "alice", groups: ["developers"])
    static let edit = RoleReference(kind: "ClusterRole", name: "edit")

    static func input(namespace: String = "demo", role: RoleReference = edit, labels: [String: String] = [:])
        -> PolicyInput
    {
        PolicyInput(
            requester: alice, namespace: namespace, namespaceLabels: labels, role: role, reason: "INC-1")
    }

    static let policies: [AccessPolicy] = [
        .fixture(name: "developers-edit", required: 1),
        .fixture(name: "strict-edit", required: 2, approverGroups: ["sre", "security"]),
        .fixture(name: "short-edit", maxDuration: "45m", required: 1),
        .fixture(name: "sre-only", groups: ["sre"]),
        .fixture(name: "prod-only", namespaces: ["prod"]),
        .fixture(name: "labelled", namespaces: nil, namespaceSelector: LabelSelector(matchLabels: ["env": "dev"])),
        .fixture(name: "view-only", roles: [.init(kind: "ClusterRole", name: "view")]),
        .fixture(name: "broken", maxDuration: "1d"),
    ]

    @Test(
        "The governing policy comes first, then the matching ones by strictness, then the rest by name, each with its reason"
    )
    func everyCandidateHasItsReason() {
        let explanation = PolicyExplanation.explain(Self.input(), policies: PolicySet(Self.policies))
        #expect(explanation.governingPolicy == "strict-edit")
        #expect(
            explanation.candidates.map(\.description) == [
                "AccessPolicy \"strict-edit\" governs: the strictest policy that matches",
                "AccessPolicy \"short-edit\" matches too, but \"strict-edit\" is stricter: it needs 2 approvals against 1",
                "AccessPolicy \"developers-edit\" matches too, but \"strict-edit\" is stricter: it needs 2 approvals against 1",
                "AccessPolicy \"broken\" is invalid and grants nothing: spec.maxDuration: invalid duration \"1d\": unknown unit \"d\" (valid units are ns, us, ms, s, m, h)",
                "AccessPolicy \"labelled\" does not cover the namespace (it applies to namespaces labelled env=dev)",
                "AccessPolicy \"prod-only\" does not cover the namespace (it applies to namespaces prod)",
                "AccessPolicy \"sre-only\" does not cover the requester (it allows groups sre)",
                "AccessPolicy \"view-only\" does not offer the role (it offers ClusterRole/view)",
            ])
    }

    @Test("The verdict is the engine's own, allowed or refused")
    func verdictIsTheEngines() {
        let set = PolicySet(Self.policies)
        for input in [Self.input(), Self.input(namespace: "nowhere"), Self.input(role: .init(kind: "Role", name: "x"))]
        {
            #expect(
                PolicyExplanation.explain(input, policies: set).decision == PolicyEngine.evaluate(input, policies: set))
        }
        let refused = PolicyExplanation.explain(Self.input(namespace: "nowhere"), policies: set)
        #expect(refused.governingPolicy == nil)
        #expect(!refused.decision.isAllowed)
    }

    @Test(
        "Strictness is explained in the engine's order: approvals, then maximum duration, then name",
        arguments: [
            (AccessPolicy.fixture(name: "b", maxDuration: "30m"), "it allows at most 30m against 1h"),
            (AccessPolicy.fixture(name: "a"), "its limits are the same and its name sorts first"),
        ])
    func strictnessReasons(_ winner: AccessPolicy, _ because: String) {
        let explanation = PolicyExplanation.explain(
            Self.input(), policies: PolicySet([.fixture(name: "c"), winner]))
        #expect(explanation.governingPolicy == winner.name)
        #expect(explanation.candidates.last?.verdict == .lessStrict(than: winner.name, because: because))
    }

    @Test(
        "Requesters, namespaces and label selectors are described as a person reads them",
        arguments: [
            (
                RequesterSelector(
                    users: ["zoe", "yann"], groups: ["sre"], serviceAccounts: [.init(namespace: "ci", name: "bot")]),
                "users zoe, yann; groups sre; ServiceAccounts ci/bot"
            ),
            (RequesterSelector(), "nobody"),
        ])
    func requesterDescriptions(_ selector: RequesterSelector, _ text: String) {
        #expect(PolicyExplanation.describeRequesters(selector) == text)
    }

    @Test("Namespace selectors read like kubectl's -l syntax")
    func namespaceDescriptions() {
        let selector = LabelSelector(
            matchLabels: ["env": "dev"],
            matchExpressions: [
                .init(key: "tier", operator: .notIn, values: ["critical", "db"]), .init(key: "team", operator: .exists),
                .init(key: "frozen", operator: .doesNotExist), .init(key: "zone", operator: .in, values: ["a"]),
            ])
        #expect(
            PolicyExplanation.describeNamespaces(NamespaceSelector(names: ["demo", "prod"], selector: selector))
                == "namespaces demo, prod; namespaces labelled env=dev, tier notin (critical,db), team, !frozen, zone in (a)"
        )
        #expect(PolicyExplanation.describeNamespaces(NamespaceSelector(names: ["*"])) == "every namespace")
        #expect(PolicyExplanation.describeNamespaces(NamespaceSelector()) == "no namespace")
    }
}
