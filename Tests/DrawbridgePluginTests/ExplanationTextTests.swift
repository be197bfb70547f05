import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgePlugin
import DrawbridgeTesting
import Foundation
import Testing

@Suite("why: the explanation")
struct ExplanationTextTests {
    static let unsigned = RequestChange.record("carol", ["sre"], .approve, at: 100)

    @Test(
        "An active grant: governing policy, other candidates, every review with its fate, time left, binding and rules")
    func activeGrant() {
        var request = AccessRequest.fixture(
            name: "alice-edit", .record("alice", ["developers"], .approve, at: 30, comment: "me"),
            .record("frank", [], .approve, at: 40), .phase(.active, grantedAt: 120, duration: 1800),
            PluginFixtures.signed, Self.unsigned)
        request.status?.message =
            "ClusterRole/edit is bound to User \"alice\" in namespace demo until 2027-01-15T08:32:00Z."
        let binding = RoleBinding(
            metadata: ObjectMeta(name: "drawbridge-alice-edit", namespace: "demo"),
            subjects: [Subject(kind: .user, name: "alice")], roleRef: RoleRef(kind: "ClusterRole", name: "edit"))
        let explanation = RequestExplanation(
            request: request, context: PluginFixtures.context, now: PluginFixtures.at(600), binding: binding)
        #expect(
            ExplanationText.render(explanation) == """
                AccessRequest demo/alice-edit: Active
                  requester: alice (groups: developers)
                  role:      ClusterRole/edit in namespace demo
                  duration:  30m
                  reason:    INC-4242: roll back checkout
                  message:   ClusterRole/edit is bound to User "alice" in namespace demo until 2027-01-15T08:32:00Z.

                Policy: AccessPolicy "developers-edit" governs
                  allowed: at most 1h; 1 approval from group sre within 30m
                  other candidates:
                    view-auto: does not offer the role (it offers ClusterRole/view)

                Approvals: approved by bob
                  REVIEWER   DECISION   WHEN        RESULT                                                  COMMENT
                  alice      Approve    9m30s ago   ignored: the requester's own review never counts        "me"
                  frank      Approve    9m20s ago   ignored: not an approver under the governing policy
                  bob        Approve    8m ago      counted
                  carol      Approve    8m20s ago   ignored: not signed by Drawbridge's admission webhook

                Time:
                  created 10m ago (2027-01-15T08:00:00Z)
                  granted 8m ago (2027-01-15T08:02:00Z)
                  expires in 22m (2027-01-15T08:32:00Z)

                Grant: RoleBinding drawbridge-alice-edit for User "alice"
                  allows (ClusterRole/edit, aggregation resolved):
                    RESOURCES                NON-RESOURCE URLS   RESOURCE NAMES   VERBS
                    deployments.apps         []                  []               [update]
                    deployments.apps/scale   []                  []               [update]
                    pods                     []                  []               [get list]
                    pods/log                 []                  []               [get list]

                """)
    }

    @Test("A pending request says what it still needs; unreadable rules and bindings are named, not guessed")
    func pendingWithDefaults() {
        var context = PolicyContext(
            policies: PluginFixtures.policies, clusterRoles: DefaultClusterRoles.all,
            clusterRoleSource: .kubernetesDefaults(reason: "you may not list ClusterRoles"),
            notes: ["the labels of namespace demo could not be read (forbidden)"])
        context.roles = [:]
        let request = AccessRequest.fixture(
            name: "alice-custom", role: .init(kind: "ClusterRole", name: "custom"), duration: nil, .phase(.pending))
        let explanation = RequestExplanation(request: request, context: context, now: PluginFixtures.at(300))
        #expect(
            ExplanationText.render(explanation) == """
                AccessRequest demo/alice-custom: Pending
                  requester: alice (groups: developers)
                  role:      ClusterRole/custom in namespace demo
                  duration:  the policy default
                  reason:    INC-4242: roll back checkout

                Policy: no AccessPolicy governs
                  refused (NoMatchingPolicy): no AccessPolicy allows User "alice" to request ClusterRole/custom in namespace "demo"
                  other candidates:
                    developers-edit: does not offer the role (it offers ClusterRole/edit)
                    view-auto: does not offer the role (it offers ClusterRole/view)

                Approvals: none can count
                  no reviews recorded

                Time:
                  created 5m ago (2027-01-15T08:00:00Z)

                Grant: no RoleBinding (none is made until the request is approved)
                  allows: unknown: you may not list ClusterRoles, and ClusterRole/custom is not one of Kubernetes' defaults

                Notes:
                  - the labels of namespace demo could not be read (forbidden)

                """)
    }

    @Test("A waiting request counts down to its approval deadline")
    func waiting() {
        let request = AccessRequest.fixture(name: "a", .phase(.pending))
        let explanation = RequestExplanation(
            request: request, context: PluginFixtures.context, now: PluginFixtures.at(300))
        #expect(explanation.approvalSummary == "needs 1 approval from group sre within 25m")
        #expect(explanation.allowed)
        #expect(explanation.binding == nil)
    }

    @Test("Reviews the controller found unverified are named from its ApprovalsVerified condition")
    func unverifiedReviews() {
        var request = AccessRequest.fixture(name: "a", .approvedBy("bob"), .phase(.pending), PluginFixtures.signed)
        request.status?.conditions = [
            Condition(
                type: "ApprovalsVerified", status: .false, reason: "UnverifiedApproval",
                message: "ignored 1 review without a valid signature: Approve by bob",
                lastTransitionTime: KubeTime(PluginFixtures.t0))
        ]
        let explanation = RequestExplanation(
            request: request, context: PluginFixtures.context, now: PluginFixtures.at(60))
        #expect(
            explanation.notes == [
                "the controller ignored reviews whose signature did not verify: ignored 1 review without a valid signature: Approve by bob"
            ])
    }

    @Test(
        "Without readable ClusterRoles, a role outside Kubernetes' defaults cannot pass forbiddenRules, as in the engine"
    )
    func unknownRulesUnderForbiddenRules() {
        let guarded = AccessPolicy.fixture(
            name: "guarded", roles: [.init(kind: "ClusterRole", name: "custom")],
            forbiddenRules: [PolicyRule(verbs: ["delete"], apiGroups: [""], resources: ["pods"])])
        let context = PolicyContext(
            policies: [guarded], clusterRoles: DefaultClusterRoles.all,
            clusterRoleSource: .kubernetesDefaults(reason: "you may not list ClusterRoles"))
        let custom = RequestExplanation(
            request: .fixture(name: "c", role: .init(kind: "ClusterRole", name: "custom")), context: context,
            now: PluginFixtures.t0)
        #expect(
            custom.verdict
                == "refused (RoleRulesUnknown): ClusterRole/custom could not be read, so its rules cannot be checked against the forbiddenRules of AccessPolicy \"guarded\""
        )
        #expect(custom.rules == nil)
    }

    @Test("Colour marks the phase and the verdict only on a terminal")
    func colour() {
        let explanation = RequestExplanation(
            request: .fixture(name: "a", .deniedBy("bob"), .phase(.denied), PluginFixtures.signed),
            context: PluginFixtures.context, now: PluginFixtures.at(300))
        let text = ExplanationText.render(explanation, colors: Colorizer(enabled: true))
        #expect(text.hasPrefix("\u{1B}[1mAccessRequest demo/a\u{1B}[0m: \u{1B}[31mDenied\u{1B}[0m\n"))
        #expect(!ExplanationText.render(explanation).contains("\u{1B}"))
    }
}
