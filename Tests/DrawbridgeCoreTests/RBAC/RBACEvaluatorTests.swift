import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Testing

/// One authorization question against `RBACEvaluatorTests.world`, with the exact expected answer.
struct AuthorizationCase: Sendable, CustomTestStringConvertible {
    var testDescription: String
    var attributes: AuthorizationAttributes
    var allowed: Bool
    /// The exact reason, when the case pins it down.
    var reason: String?
}

@Suite("RBACEvaluator")
struct RBACEvaluatorTests {
    static let world = RBACEvaluator(
        roles: [
            .fixture("secret-reader", namespace: "team-a", rules: [.allow(["get"], ["secrets"])]),
            .fixture("secret-reader", namespace: "team-b", rules: [.allow(["get", "delete"], ["secrets"])]),
        ],
        clusterRoles: [
            .fixture("pod-reader", rules: [.allow(["get", "list"], ["pods"])]),
            .fixture("health", rules: [.allow(["get"], urls: ["/healthz", "/metrics/*"])]),
            .fixture(
                "edit", rules: [.allow(["get"], ["configmaps"])],
                aggregating: [LabelSelector(matchLabels: ["example.com/aggregate-to-edit": "true"])]),
            .fixture(
                "deploy-editor", labels: ["example.com/aggregate-to-edit": "true"],
                rules: [.allow(["create", "update"], ["deployments"], groups: ["apps"])]),
        ],
        roleBindings: [
            .fixture("alice-pods", namespace: "team-a", role: "pod-reader", subjects: [.user("alice")]),
            .fixture(
                "alice-secrets", namespace: "team-a", roleKind: "Role", role: "secret-reader",
                subjects: [.user("alice")]),
            .fixture(
                "bob-missing", namespace: "team-a", roleKind: "Role", role: "does-not-exist", subjects: [.user("bob")]),
            .fixture("bob-missing-cr", namespace: "team-a", role: "nope", subjects: [.user("bob")]),
            .fixture("sa-implicit", namespace: "team-a", role: "pod-reader", subjects: [.serviceAccount("builder")]),
            .fixture(
                "sa-explicit", namespace: "team-a", role: "pod-reader",
                subjects: [.user("nobody"), .serviceAccount("deployer", namespace: "ci")]),
            .fixture("devs-edit", namespace: "team-b", role: "edit", subjects: [.group("devs")]),
            .fixture("health-in-ns", namespace: "team-a", role: "health", subjects: [.user("alice")]),
        ],
        clusterRoleBindings: [
            .fixture("monitoring-health", role: "health", subjects: [.group("monitoring")]),
            .fixture("sa-without-namespace", role: "pod-reader", subjects: [.serviceAccount("orphan")]),
            .fixture("carol-pods", role: "pod-reader", subjects: [.user("carol")]),
        ])

    static let cases: [AuthorizationCase] = [
        .init(
            testDescription: "A RoleBinding to a ClusterRole grants its rules in the binding's namespace",
            attributes: .resource(user: "alice", verb: "get", resource: "pods", name: "p", namespace: "team-a"),
            allowed: true,
            reason: #"RBAC: allowed by RoleBinding "team-a/alice-pods" of ClusterRole "pod-reader" to User "alice""#),
        .init(
            testDescription: "A RoleBinding grants nothing in another namespace",
            attributes: .resource(user: "alice", verb: "get", resource: "pods", namespace: "team-b"),
            allowed: false, reason: "no RBAC policy matched"),
        .init(
            testDescription: "A RoleBinding grants nothing for an all-namespaces request",
            attributes: .resource(user: "alice", verb: "list", resource: "pods"), allowed: false, reason: nil),
        .init(
            testDescription: "A RoleBinding to a Role uses the Role of the binding's namespace",
            attributes: .resource(user: "alice", verb: "get", resource: "secrets", namespace: "team-a"),
            allowed: true,
            reason: #"RBAC: allowed by RoleBinding "team-a/alice-secrets" of Role "secret-reader" to User "alice""#),
        .init(
            testDescription: "A same-named Role in another namespace lends the binding nothing",
            attributes: .resource(user: "alice", verb: "delete", resource: "secrets", namespace: "team-a"),
            allowed: false, reason: nil),
        .init(
            testDescription: "Bindings to missing roles grant nothing and say so",
            attributes: .resource(user: "bob", verb: "get", resource: "secrets", namespace: "team-a"),
            allowed: false,
            reason:
                #"no RBAC policy matched; RoleBinding "team-a/bob-missing" refers to missing Role "does-not-exist"; "#
                + #"RoleBinding "team-a/bob-missing-cr" refers to missing ClusterRole "nope""#),
        .init(
            testDescription: "A ServiceAccount subject without a namespace means the binding's namespace",
            attributes: .resource(
                user: "system:serviceaccount:team-a:builder", verb: "list", resource: "pods", namespace: "team-a"),
            allowed: true,
            reason: #"RBAC: allowed by RoleBinding "team-a/sa-implicit" of ClusterRole "pod-reader" "#
                + #"to ServiceAccount "team-a/builder""#),
        .init(
            testDescription: "A same-named ServiceAccount of another namespace is not the subject",
            attributes: .resource(
                user: "system:serviceaccount:team-b:builder", verb: "list", resource: "pods", namespace: "team-a"),
            allowed: false, reason: nil),
        .init(
            testDescription: "A ServiceAccount subject with a namespace names that namespace's account",
            attributes: .resource(
                user: "system:serviceaccount:ci:deployer", verb: "get", resource: "pods", namespace: "team-a"),
            allowed: true,
            reason: #"RBAC: allowed by RoleBinding "team-a/sa-explicit" of ClusterRole "pod-reader" "#
                + #"to ServiceAccount "ci/deployer""#),
        .init(
            testDescription: "A ServiceAccount subject with a namespace ignores the binding's namespace",
            attributes: .resource(
                user: "system:serviceaccount:team-a:deployer", verb: "get", resource: "pods", namespace: "team-a"),
            allowed: false, reason: nil),
        .init(
            testDescription: "A ServiceAccount subject of a ClusterRoleBinding without a namespace matches nobody",
            attributes: .resource(
                user: "system:serviceaccount:default:orphan", verb: "get", resource: "pods", namespace: "default"),
            allowed: false, reason: nil),
        .init(
            testDescription: "A Group subject grants to members, including aggregated rules",
            attributes: .resource(
                user: "dave", groups: ["devs"], verb: "create", apiGroup: "apps", resource: "deployments",
                namespace: "team-b"),
            allowed: true,
            reason: #"RBAC: allowed by RoleBinding "team-b/devs-edit" of ClusterRole "edit" to Group "devs""#),
        .init(
            testDescription: "A Group subject grants nothing to non-members",
            attributes: .resource(user: "devs", verb: "get", resource: "configmaps", namespace: "team-b"),
            allowed: false, reason: nil),
        .init(
            testDescription: "A RoleBinding never grants non-resource URLs",
            attributes: .nonResource(user: "alice", verb: "get", path: "/healthz"), allowed: false, reason: nil),
        .init(
            testDescription: "A ClusterRoleBinding grants non-resource URLs",
            attributes: .nonResource(user: "erin", groups: ["monitoring"], verb: "get", path: "/metrics/cpu"),
            allowed: true,
            reason: #"RBAC: allowed by ClusterRoleBinding "monitoring-health" of ClusterRole "health" "#
                + #"to Group "monitoring""#),
        .init(
            testDescription: "A non-resource prefix rule does not match the bare prefix",
            attributes: .nonResource(user: "erin", groups: ["monitoring"], verb: "get", path: "/metrics"),
            allowed: false, reason: nil),
        .init(
            testDescription: "A non-resource rule still checks the verb",
            attributes: .nonResource(user: "erin", groups: ["monitoring"], verb: "post", path: "/healthz"),
            allowed: false, reason: nil),
        .init(
            testDescription: "A ClusterRoleBinding grants in every namespace",
            attributes: .resource(user: "carol", verb: "get", resource: "pods", namespace: "anywhere"),
            allowed: true,
            reason: #"RBAC: allowed by ClusterRoleBinding "carol-pods" of ClusterRole "pod-reader" to User "carol""#),
        .init(
            testDescription: "A ClusterRoleBinding grants all-namespaces requests",
            attributes: .resource(user: "carol", verb: "list", resource: "pods"), allowed: true, reason: nil),
        .init(
            testDescription: "A rule for a resource does not grant its subresources",
            attributes: .resource(user: "carol", verb: "get", resource: "pods", subresource: "log", namespace: "x"),
            allowed: false, reason: nil),
    ]

    @Test("Authorization answers match Kubernetes RBAC", arguments: cases)
    func authorizes(_ testCase: AuthorizationCase) {
        let decision = Self.world.authorize(testCase.attributes)
        #expect(decision.allowed == testCase.allowed, "\(decision.reason)")
        if let reason = testCase.reason {
            #expect(decision.reason == reason)
        }
    }

    @Test("Rules for a user in a namespace list cluster-wide rules first, then the namespace's")
    func rulesForUser() {
        let world = Self.world
        #expect(
            world.rules(forUser: "alice", groups: [], namespace: "team-a") == [
                .allow(["get", "list"], ["pods"]), .allow(["get"], ["secrets"]),
                .allow(["get"], urls: ["/healthz", "/metrics/*"]),
            ])
        #expect(world.rules(forUser: "alice", groups: [], namespace: "").isEmpty)
        #expect(world.rules(forUser: "carol", groups: [], namespace: "") == [.allow(["get", "list"], ["pods"])])
        #expect(
            world.rules(forUser: "erin", groups: ["monitoring", "devs"], namespace: "team-b") == [
                .allow(["get"], urls: ["/healthz", "/metrics/*"]), .allow(["get"], ["configmaps"]),
                .allow(["create", "update"], ["deployments"], groups: ["apps"]),
            ])
        #expect(world.rules(forUser: "bob", groups: [], namespace: "team-a").isEmpty)
    }

    @Test("A binding naming the user twice is visited once")
    func duplicateSubjects() {
        let evaluator = RBACEvaluator(
            clusterRoles: [.fixture("r", rules: [.allow(["get"], ["pods"])])],
            clusterRoleBindings: [.fixture("b", role: "r", subjects: [.user("u"), .group("g"), .user("u")])])
        #expect(evaluator.rules(forUser: "u", groups: ["g"], namespace: "ns") == [.allow(["get"], ["pods"])])
    }

    @Test("Effective rules resolve a roleRef the way a binding in that namespace would")
    func effectiveRulesOfRoleRef() {
        let world = Self.world
        #expect(
            world.effectiveRules(of: RoleRef(kind: "Role", name: "secret-reader"), namespace: "team-b")
                == [.allow(["get", "delete"], ["secrets"])])
        #expect(world.effectiveRules(of: RoleRef(kind: "Role", name: "secret-reader"), namespace: "team-c") == nil)
        #expect(world.effectiveRules(of: RoleRef(kind: "ClusterRole", name: "pod-reader"), namespace: "x") != nil)
        #expect(world.effectiveRules(of: RoleRef(kind: "Group", name: "pod-reader"), namespace: "x") == nil)
        #expect(world.effectiveRules(ofClusterRole: "missing") == nil)
    }
}
