import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Testing

/// `spec.scope`: Cluster policies govern ClusterAccessRequests only, Namespaced ones AccessRequests
/// only, and a Cluster policy that names namespaces or a Role is invalid.
@Suite("Policy scope: Namespaced and Cluster")
struct PolicyClusterScopeTests {
    static let cluster = AccessPolicy.fixture(name: "cluster-edit").clusterScoped()

    static func input(clusterWide: Bool) -> PolicyInput {
        PolicyInput(
            requester: UserIdentity(username: "alice", groups: ["developers"]), namespace: clusterWide ? "" : "demo",
            role: RoleReference(kind: "ClusterRole", name: "edit"), duration: "30m", clusterWide: clusterWide)
    }

    @Test(
        "Which scope governs which request",
        arguments: [
            (true, true, true), (true, false, false), (false, true, false), (false, false, true),
        ])
    func scopeDecides(policyIsCluster: Bool, requestIsClusterWide: Bool, allowed: Bool) {
        let policy = policyIsCluster ? Self.cluster : AccessPolicy.fixture(namespaces: ["*"])
        let decision = PolicyEngine.evaluate(Self.input(clusterWide: requestIsClusterWide), policies: [policy])
        #expect(decision.isAllowed == allowed)
    }

    @Test(
        "A Cluster policy that names namespaces or a Role, or a Namespaced one without namespaces, is invalid",
        arguments: [
            (
                AccessPolicy.fixture(name: "p").clusterScoped().with {
                    $0.spec.namespaces = NamespaceSelector(names: ["demo"])
                },
                "AccessPolicy \"p\" is invalid: spec.namespaces: must be absent for scope Cluster: a cluster-wide grant applies in every namespace"
            ),
            (
                AccessPolicy.fixture(
                    name: "p",
                    roles: [.init(kind: "ClusterRole", name: "view"), .init(kind: "Role", name: "deployer")]
                ).clusterScoped(),
                "AccessPolicy \"p\" is invalid: spec.roles[1].kind: must be ClusterRole for scope Cluster: a ClusterRoleBinding can only bind a ClusterRole"
            ),
            (
                AccessPolicy.fixture(name: "p").with { $0.spec.namespaces = nil },
                "AccessPolicy \"p\" is invalid: spec.namespaces: is required for scope Namespaced: give names or a selector"
            ),
        ])
    func invalidScope(policy: AccessPolicy, message: String) {
        guard case .failure(let error) = CompiledPolicy.compile(policy) else {
            Issue.record("\(policy.name) compiled")
            return
        }
        #expect(error.description == message)
    }

    @Test("An invalid Cluster policy blocks the cluster-wide requests it covers, not namespaced ones")
    func invalidClusterPolicyBlocksOnlyItsScope() {
        let broken = Self.cluster.with { $0.spec.maxDuration = "forever" }
        let namespaced = AccessPolicy.fixture()
        let set = PolicySet([broken, namespaced])
        guard case .rejected(let rejection) = PolicyEngine.evaluate(Self.input(clusterWide: true), policies: set)
        else {
            Issue.record("a cluster-wide request was allowed despite an invalid Cluster policy")
            return
        }
        #expect(rejection.reason == .policyInvalid)
        #expect(PolicyEngine.evaluate(Self.input(clusterWide: false), policies: set).isAllowed)
    }

    @Test("The explanation says a policy of the other scope does not govern the request")
    func explanationNamesTheScope() {
        let set = PolicySet([Self.cluster, AccessPolicy.fixture()])
        let clusterWide = PolicyExplanation.explain(Self.input(clusterWide: true), policies: set)
        #expect(
            clusterWide.candidates.map(\.description) == [
                "AccessPolicy \"cluster-edit\" governs: the strictest policy that matches",
                "AccessPolicy \"developers-edit\" governs namespaced AccessRequests only (scope Namespaced)",
            ])
        let namespaced = PolicyExplanation.explain(Self.input(clusterWide: false), policies: set)
        #expect(
            namespaced.candidates.map(\.description) == [
                "AccessPolicy \"developers-edit\" governs: the strictest policy that matches",
                "AccessPolicy \"cluster-edit\" governs ClusterAccessRequests only (scope Cluster)",
            ])
    }

    @Test("A ClusterAccessRequest must name a ClusterRole; an AccessRequest may name either")
    func validatorByScope() {
        let spec = AccessRequestSpec(
            role: RoleReference(kind: "Role", name: "deployer"), duration: "30m", reason: "INC-1",
            requester: UserIdentity(username: "alice"))
        #expect(RequestValidator.validate(spec) == nil)
        #expect(RequestValidator.validate(spec, clusterWide: true)?.reason == .unsupportedRoleKind)
    }
}

extension AccessPolicy {
    /// A copy with `edit` applied, for table rows.
    fileprivate func with(_ edit: (inout AccessPolicy) -> Void) -> AccessPolicy {
        var copy = self
        edit(&copy)
        return copy
    }
}
