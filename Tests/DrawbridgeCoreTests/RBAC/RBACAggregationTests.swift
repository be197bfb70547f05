import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Testing

@Suite("ClusterRole aggregation")
struct RBACAggregationTests {
    static let toEdit = ["example.com/aggregate-to-edit": "true"]
    static let selectsToEdit = [LabelSelector(matchLabels: toEdit)]
    static let ownRule = PolicyRule.allow(["get"], ["configmaps"])
    static let scaleRule = PolicyRule.allow(["update"], ["deployments/scale"], groups: ["apps"])

    static func evaluator(labelsOnScaler: [String: String]?) -> RBACEvaluator {
        RBACEvaluator(
            clusterRoles: [
                .fixture("edit", rules: [ownRule], aggregating: selectsToEdit),
                .fixture("scaler", labels: labelsOnScaler, rules: [scaleRule]),
            ],
            roleBindings: [.fixture("devs", namespace: "team", role: "edit", subjects: [.group("devs")])])
    }

    static let scale = AuthorizationAttributes.resource(
        user: "dave", groups: ["devs"], verb: "update", apiGroup: "apps", resource: "deployments",
        subresource: "scale", name: "web", namespace: "team")

    @Test("An aggregating ClusterRole has its own rules followed by the labelled role's rules")
    func aggregatesLabelledRoles() {
        let evaluator = Self.evaluator(labelsOnScaler: Self.toEdit)
        #expect(evaluator.effectiveRules(ofClusterRole: "edit") == [Self.ownRule, Self.scaleRule])
        #expect(evaluator.effectiveRules(ofClusterRole: "scaler") == [Self.scaleRule])
        #expect(evaluator.authorize(Self.scale).allowed)
    }

    @Test("Removing the label stops aggregation")
    func removingTheLabelStopsAggregation() {
        let evaluator = Self.evaluator(labelsOnScaler: ["example.com/aggregate-to-view": "true"])
        #expect(evaluator.effectiveRules(ofClusterRole: "edit") == [Self.ownRule])
        #expect(!evaluator.authorize(Self.scale).allowed)
        #expect(!Self.evaluator(labelsOnScaler: nil).authorize(Self.scale).allowed)
    }

    @Test("Roles that select each other aggregate one level and do not loop")
    func mutualSelectionDoesNotLoop() {
        let a = PolicyRule.allow(["get"], ["a"])
        let b = PolicyRule.allow(["get"], ["b"])
        let c = PolicyRule.allow(["get"], ["c"])
        let evaluator = RBACEvaluator(clusterRoles: [
            .fixture("role-a", labels: ["x": "a"], rules: [a], aggregating: [LabelSelector(matchLabels: ["x": "b"])]),
            .fixture("role-b", labels: ["x": "b"], rules: [b], aggregating: [LabelSelector(matchLabels: ["x": "a"])]),
            .fixture("role-c", rules: [c], aggregating: [LabelSelector(matchLabels: ["x": "a"])]),
        ])
        #expect(evaluator.effectiveRules(ofClusterRole: "role-a") == [a, b])
        #expect(evaluator.effectiveRules(ofClusterRole: "role-b") == [b, a])
        // One level: role-c gets role-a's own rule, not what role-a aggregates.
        #expect(evaluator.effectiveRules(ofClusterRole: "role-c") == [c, a])
    }

    @Test("A role selecting its own labels does not aggregate itself, and duplicate rules are added once")
    func selfSelectionAndDuplicates() {
        let shared = PolicyRule.allow(["list"], ["pods"])
        let evaluator = RBACEvaluator(clusterRoles: [
            .fixture("self", labels: Self.toEdit, rules: [shared], aggregating: Self.selectsToEdit),
            .fixture("one", labels: Self.toEdit, rules: [shared, Self.scaleRule]),
            .fixture("two", labels: Self.toEdit, rules: [Self.scaleRule]),
        ])
        #expect(evaluator.effectiveRules(ofClusterRole: "self") == [shared, Self.scaleRule])
    }

    @Test("Several selectors aggregate every role any of them matches, in name order per selector")
    func severalSelectors() {
        let x = PolicyRule.allow(["get"], ["x"])
        let y = PolicyRule.allow(["get"], ["y"])
        let z = PolicyRule.allow(["get"], ["z"])
        let evaluator = RBACEvaluator(clusterRoles: [
            .fixture(
                "admin",
                aggregating: [
                    LabelSelector(matchExpressions: [.init(key: "tier", operator: .in, values: ["ops"])]),
                    LabelSelector(matchLabels: ["to-admin": "true"]),
                ]),
            .fixture("zeta", labels: ["tier": "ops"], rules: [z]),
            .fixture("alpha", labels: ["tier": "ops", "to-admin": "true"], rules: [x]),
            .fixture("beta", labels: ["to-admin": "true"], rules: [y]),
        ])
        #expect(evaluator.effectiveRules(ofClusterRole: "admin") == [x, z, y])
    }

    @Test("An empty selector list aggregates nothing")
    func emptySelectorList() {
        let evaluator = RBACEvaluator(clusterRoles: [
            .fixture("empty", rules: [Self.ownRule], aggregating: []),
            .fixture("other", labels: Self.toEdit, rules: [Self.scaleRule]),
        ])
        #expect(evaluator.effectiveRules(ofClusterRole: "empty") == [Self.ownRule])
    }
}
