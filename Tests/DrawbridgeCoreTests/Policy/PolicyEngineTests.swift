import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Testing

private func input(
    user: String = "alice", groups: [String] = ["developers"], namespace: String = "demo",
    labels: [String: String] = [:], role: RoleReference = .init(kind: "ClusterRole", name: "edit"),
    duration: String? = nil, reason: String? = "INC-1 fix", rules: [PolicyRule]? = nil
) -> PolicyInput {
    PolicyInput(
        requester: UserIdentity(username: user, groups: groups), namespace: namespace, namespaceLabels: labels,
        role: role, duration: duration, reason: reason, roleRules: rules)
}

private func governing(_ decision: PolicyDecision) -> String? {
    if case .allowed(let terms) = decision { return terms.policy }
    return nil
}

private func rejection(_ decision: PolicyDecision) -> Rejection? {
    if case .rejected(let rejection) = decision { return rejection }
    return nil
}

private let escalatingRules = [
    PolicyRule(verbs: ["*"], apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings"]),
    PolicyRule(verbs: ["get", "list"], apiGroups: [""], resources: ["pods"]),
]
private let forbidEscalation = [
    PolicyRule(verbs: ["escalate", "bind"], apiGroups: ["*"], resources: ["*"]),
    PolicyRule(verbs: ["impersonate"], apiGroups: ["*"], resources: ["*"]),
]

@Suite("Policy engine")
struct PolicyEngineTests {
    @Test(
        "A policy matches on requester, namespace and role together",
        arguments: [
            ("group member", input(), true),
            ("listed user", input(user: "zoe", groups: []), false),
            ("other group", input(groups: ["sales"]), false),
            ("other namespace", input(namespace: "prod"), false),
            ("other role name", input(role: .init(kind: "ClusterRole", name: "admin")), false),
            ("same name, other kind", input(role: .init(kind: "Role", name: "edit")), false),
        ])
    func matching(_ label: String, _ request: PolicyInput, _ allowed: Bool) {
        #expect((governing(PolicyEngine.evaluate(request, policies: [.fixture()])) != nil) == allowed, "\(label)")
    }

    @Test("Requesters match by user name, by group, and by ServiceAccount")
    func requesterKinds() {
        let policy = AccessPolicy.fixture(
            users: ["zoe"], groups: ["oncall"],
            serviceAccounts: [.init(namespace: "ci", name: "deployer")])
        let cases: [(PolicyInput, Bool)] = [
            (input(user: "zoe", groups: []), true),
            (input(user: "yann", groups: ["oncall"]), true),
            (input(user: "system:serviceaccount:ci:deployer", groups: ["system:serviceaccounts"]), true),
            (input(user: "system:serviceaccount:ci:other", groups: []), false),
            (input(user: "system:serviceaccount:prod:deployer", groups: []), false),
            (input(user: "alice", groups: ["developers"]), false),
        ]
        for (request, allowed) in cases {
            #expect(
                (governing(PolicyEngine.evaluate(request, policies: [policy])) != nil) == allowed,
                "\(request.requester.username)")
        }
    }

    @Test("Namespaces match by name, by \"*\", or by a label selector on the Namespace")
    func namespaceSelection() {
        let byWildcard = AccessPolicy.fixture(namespaces: ["*"])
        #expect(governing(PolicyEngine.evaluate(input(namespace: "anything"), policies: [byWildcard])) != nil)
        let byLabel = AccessPolicy.fixture(
            namespaces: nil,
            namespaceSelector: LabelSelector(
                matchLabels: ["env": "dev"],
                matchExpressions: [.init(key: "tier", operator: .notIn, values: ["critical"])]))
        #expect(
            governing(PolicyEngine.evaluate(input(namespace: "x", labels: ["env": "dev"]), policies: [byLabel])) != nil)
        #expect(
            governing(PolicyEngine.evaluate(input(namespace: "x", labels: ["env": "prod"]), policies: [byLabel])) == nil
        )
        #expect(
            governing(
                PolicyEngine.evaluate(
                    input(namespace: "x", labels: ["env": "dev", "tier": "critical"]), policies: [byLabel]))
                == nil)
    }

    @Test(
        "When several policies match, the strictest governs",
        arguments: [
            ([AccessPolicy.fixture(name: "one", required: 1), .fixture(name: "two", required: 2)], "two"),
            (
                [AccessPolicy.fixture(name: "long", maxDuration: "2h"), .fixture(name: "short", maxDuration: "45m")],
                "short"
            ),
            ([AccessPolicy.fixture(name: "b"), .fixture(name: "a")], "a"),
            ([AccessPolicy.fixture(name: "auto", required: 0), .fixture(name: "manual", required: 1)], "manual"),
        ])
    func strictest(_ policies: [AccessPolicy], _ expected: String) {
        #expect(governing(PolicyEngine.evaluate(input(), policies: policies)) == expected)
    }

    @Test("The strictest policy's limits apply even when a looser one would allow the request")
    func strictestLimitsApply() {
        let policies = [AccessPolicy.fixture(name: "loose", maxDuration: "4h"), .fixture(name: "strict", required: 2)]
        let decision = PolicyEngine.evaluate(input(duration: "2h"), policies: policies)
        #expect(
            rejection(decision)
                == Rejection(
                    .durationExceedsMaximum,
                    "requested duration 2h exceeds the maximum 1h allowed by AccessPolicy \"strict\""))
    }

    @Test("The effective duration is the request's own, or the policy default")
    func effectiveDuration() {
        guard case .allowed(let terms) = PolicyEngine.evaluate(input(), policies: [.fixture()]) else {
            Issue.record("expected allowed")
            return
        }
        #expect(terms.duration == .seconds(1800))
        #expect(terms.requiredApprovals == 1)
        #expect(terms.approvalTimeout == .seconds(1800))
        guard case .allowed(let own) = PolicyEngine.evaluate(input(duration: "45m"), policies: [.fixture()]) else {
            Issue.record("expected allowed")
            return
        }
        #expect(own.duration == .seconds(2700))
        let noDefault = AccessPolicy.fixture(defaultDuration: nil, timeout: nil)
        guard case .allowed(let fallback) = PolicyEngine.evaluate(input(), policies: [noDefault]) else {
            Issue.record("expected allowed")
            return
        }
        #expect(fallback.duration == .seconds(3600))
        #expect(fallback.approvalTimeout == CompiledPolicy.defaultApprovalTimeout)
    }

    @Test(
        "Every rejection reason comes with its exact message",
        arguments: [
            (
                input(groups: ["sales"]), [AccessPolicy.fixture()],
                Rejection(
                    .noMatchingPolicy,
                    "no AccessPolicy allows User \"alice\" to request ClusterRole/edit in namespace \"demo\"")
            ),
            (
                input(user: "system:serviceaccount:ci:bot", groups: []), [AccessPolicy.fixture()],
                Rejection(
                    .noMatchingPolicy,
                    "no AccessPolicy allows ServiceAccount ci/bot to request ClusterRole/edit in namespace \"demo\"")
            ),
            (
                input(), [AccessPolicy.fixture(name: "bad", groups: ["sales"], maxDuration: "1d")],
                Rejection(
                    .noMatchingPolicy,
                    "no AccessPolicy allows User \"alice\" to request ClusterRole/edit in namespace \"demo\" (invalid policies are ignored: \"bad\")"
                )
            ),
            (
                input(duration: "90m"), [AccessPolicy.fixture()],
                Rejection(
                    .durationExceedsMaximum,
                    "requested duration 90m exceeds the maximum 1h allowed by AccessPolicy \"developers-edit\"")
            ),
            (
                input(duration: "soon"), [AccessPolicy.fixture()],
                Rejection(
                    .invalidDuration,
                    "spec.duration: invalid duration \"soon\": use a Go duration such as \"90s\", \"15m\" or \"1h30m\"")
            ),
            (
                input(reason: "just because"), [AccessPolicy.fixture(reasonPattern: "(INC|CHG)-[0-9]+")],
                Rejection(
                    .reasonMismatch,
                    "reason \"just because\" does not match the pattern \"(INC|CHG)-[0-9]+\" required by AccessPolicy \"developers-edit\""
                )
            ),
            (
                input(rules: escalatingRules), [AccessPolicy.fixture(forbiddenRules: forbidEscalation)],
                Rejection(
                    .forbiddenRole,
                    "ClusterRole/edit is forbidden by AccessPolicy \"developers-edit\": it grants escalate on roles.rbac.authorization.k8s.io"
                )
            ),
            (
                input(rules: nil), [AccessPolicy.fixture(forbiddenRules: forbidEscalation)],
                Rejection(
                    .roleRulesUnknown,
                    "ClusterRole/edit could not be read, so its rules cannot be checked against the forbiddenRules of AccessPolicy \"developers-edit\""
                )
            ),
        ])
    func rejections(_ request: PolicyInput, _ policies: [AccessPolicy], _ expected: Rejection) {
        #expect(rejection(PolicyEngine.evaluate(request, policies: policies)) == expected)
    }

    @Test("A role whose rules do not cover any forbidden rule is allowed")
    func forbiddenRulesAllowHarmlessRoles() {
        let decision = PolicyEngine.evaluate(
            input(rules: [PolicyRule(verbs: ["get", "list", "watch"], apiGroups: ["", "apps"], resources: ["*"])]),
            policies: [.fixture(forbiddenRules: forbidEscalation)])
        #expect(governing(decision) == "developers-edit")
    }

    @Test("A reason matches when the pattern is found anywhere in it, unless anchored")
    func reasonPatterns() {
        let policy = AccessPolicy.fixture(reasonPattern: "(INC|CHG)-[0-9]+")
        #expect(governing(PolicyEngine.evaluate(input(reason: "fixing INC-42 now"), policies: [policy])) != nil)
        let anchored = AccessPolicy.fixture(reasonPattern: "^INC-[0-9]+$")
        #expect(governing(PolicyEngine.evaluate(input(reason: "see INC-42"), policies: [anchored])) == nil)
    }

    @Test("A live grant is judged without its requested duration, so a lowered maximum shortens instead of revoking")
    func liveGrantMode() {
        let set = PolicySet([.fixture(defaultDuration: "10m", maxDuration: "15m")])
        guard case .allowed(let terms) = PolicyEngine.evaluate(input(duration: "30m"), policies: set, mode: .liveGrant)
        else {
            Issue.record("expected allowed")
            return
        }
        #expect(terms.maxDuration == .seconds(900))
        #expect(
            rejection(PolicyEngine.evaluate(input(duration: "30m"), policies: set))?.reason == .durationExceedsMaximum)
    }

    @Test(
        "Invalid policies are recognised with a message naming the field",
        arguments: [
            (
                AccessPolicy.fixture(name: "p", maxDuration: "1d"),
                "AccessPolicy \"p\" is invalid: spec.maxDuration: invalid duration \"1d\": unknown unit \"d\" (valid units are ns, us, ms, s, m, h)"
            ),
            (
                AccessPolicy.fixture(name: "p", defaultDuration: "2h", maxDuration: "1h"),
                "AccessPolicy \"p\" is invalid: spec.defaultDuration: 2h exceeds spec.maxDuration 1h"
            ),
            (
                AccessPolicy.fixture(name: "p", timeout: "never"),
                "AccessPolicy \"p\" is invalid: spec.approval.timeout: invalid duration \"never\": use a Go duration such as \"90s\", \"15m\" or \"1h30m\""
            ),
            (
                AccessPolicy.fixture(name: "p", required: 1, approverUsers: nil, approverGroups: nil),
                "AccessPolicy \"p\" is invalid: spec.approval.approvers: must name at least one user or group when approvals are required"
            ),
            (
                AccessPolicy.fixture(name: "p", required: 3, approverUsers: ["bob", "carol"], approverGroups: nil),
                "AccessPolicy \"p\" is invalid: spec.approval.required: 3 approvals can never be reached by the 2 listed users"
            ),
            (
                AccessPolicy.fixture(name: "p", required: -1),
                "AccessPolicy \"p\" is invalid: spec.approval.required: must be 0 or more"
            ),
            (
                AccessPolicy.fixture(name: "p", reasonPattern: "(INC"),
                "AccessPolicy \"p\" is invalid: spec.reasonPattern: invalid regular expression \"(INC\""
            ),
            (
                AccessPolicy.fixture(name: "p", roles: [.init(kind: "Group", name: "x")]),
                "AccessPolicy \"p\" is invalid: spec.roles[0].kind: Unsupported value \"Group\": supported values: \"Role\", \"ClusterRole\""
            ),
            (
                AccessPolicy.fixture(name: "p", maxDuration: "0s"),
                "AccessPolicy \"p\" is invalid: spec.maxDuration: must be at least 1s"
            ),
            (
                AccessPolicy.fixture(name: "p", namespaces: nil),
                "AccessPolicy \"p\" is invalid: spec.namespaces: must give names or a selector; as written it covers no namespace"
            ),
            (
                AccessPolicy.fixture(
                    name: "p", namespaces: nil,
                    namespaceSelector: LabelSelector(matchExpressions: [.init(key: "env", operator: .in, values: [])])),
                "AccessPolicy \"p\" is invalid: spec.namespaces.selector.matchExpressions[0].values: must be non-empty when operator is In"
            ),
            (
                AccessPolicy.fixture(
                    name: "p", namespaces: nil,
                    namespaceSelector: LabelSelector(matchExpressions: [
                        .init(key: "env", operator: .notIn, values: ["prod"]),
                        .init(key: "tier", operator: .exists, values: ["x"]),
                    ])),
                "AccessPolicy \"p\" is invalid: spec.namespaces.selector.matchExpressions[1].values: must be empty when operator is Exists"
            ),
            (
                AccessPolicy.fixture(
                    name: "p", users: ["bob"], groups: nil, required: 2, approverUsers: ["bob", "carol"],
                    approverGroups: nil),
                "AccessPolicy \"p\" is invalid: spec.approval.required: 2 approvals can never be reached for requests by \"bob\": nobody approves their own request, and 1 other listed user(s) remain"
            ),
            (
                AccessPolicy.fixture(
                    name: "p", forbiddenRules: [PolicyRule(verbs: [], apiGroups: ["*"], resources: ["*"])]),
                "AccessPolicy \"p\" is invalid: spec.forbiddenRules[0].verbs: must name at least one verb; a rule without verbs forbids nothing"
            ),
            (
                AccessPolicy.fixture(name: "p", forbiddenRules: [PolicyRule(verbs: ["get"], resources: ["secrets"])]),
                "AccessPolicy \"p\" is invalid: spec.forbiddenRules[0].apiGroups: must name at least one API group (\"\" is the core group, \"*\" every group); a rule without one forbids nothing"
            ),
            (
                AccessPolicy.fixture(
                    name: "p",
                    forbiddenRules: [
                        PolicyRule(verbs: ["get"], nonResourceURLs: ["/metrics"]),
                        PolicyRule(verbs: ["get"], apiGroups: [""]),
                    ]),
                "AccessPolicy \"p\" is invalid: spec.forbiddenRules[1].resources: must name at least one resource, or give nonResourceURLs; as written it forbids nothing"
            ),
            (
                AccessPolicy.fixture(
                    name: "p",
                    forbiddenRules: [PolicyRule(verbs: ["get"], apiGroups: [""], nonResourceURLs: ["/metrics"])]),
                "AccessPolicy \"p\" is invalid: spec.forbiddenRules[0]: nonResourceURLs cannot be combined with apiGroups or resources; write two rules"
            ),
        ])
    func invalidPolicies(_ policy: AccessPolicy, _ message: String) {
        guard case .failure(let error) = CompiledPolicy.compile(policy) else {
            Issue.record("expected \(policy.name) to be invalid")
            return
        }
        #expect(error.description == message)
        #expect(PolicySet([policy]).valid.isEmpty)
    }
}
