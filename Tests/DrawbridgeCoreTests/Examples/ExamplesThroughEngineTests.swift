import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Testing

/// The shipped examples, judged by the same engine the controller uses.
@Suite("Examples through the policy engine")
struct ExamplesThroughEngineTests {
    static func manifests() throws -> [Manifest] {
        let files = PackageRoot.yamlFiles(under: "examples")
        return try files.flatMap { try Manifest.decodeAll(PackageRoot.text($0)) }
    }

    @Test("Every example passes the controller's own checks")
    func examplesAreValid() throws {
        let manifests = try Self.manifests()
        #expect(manifests.count >= 4)
        for manifest in manifests {
            #expect(ManifestCheck.problems(of: manifest) == [], "\(manifest.displayName)")
        }
    }

    @Test("Alice's example requests are governed by the intended policies, forbiddenRules included")
    func examplesGovernedAsDocumented() throws {
        let manifests = try Self.manifests()
        let policies = manifests.compactMap { if case .accessPolicy(let p) = $0 { p } else { nil } }
        let requests = manifests.compactMap { if case .accessRequest(let r) = $0 { r } else { nil } }
        let evaluator = RBACEvaluator(clusterRoles: DefaultClusterRoles.all)
        var verdicts: [String: String] = [:]
        for request in requests {
            let input = PolicyInput(
                requester: UserIdentity(username: "alice", groups: ["developers"]),
                namespace: request.metadata.namespace ?? "",
                role: request.spec.role, duration: request.spec.duration, reason: request.spec.reason,
                roleRules: evaluator.effectiveRules(
                    of: RoleRef(kind: request.spec.role.kind, name: request.spec.role.name), namespace: "demo"))
            switch PolicyEngine.evaluate(input, policies: policies) {
            case .allowed(let terms):
                verdicts[request.metadata.name ?? ""] = "\(terms.policy)/\(terms.requiredApprovals)"
            case .rejected(let rejection): verdicts[request.metadata.name ?? ""] = rejection.message
            }
        }
        #expect(verdicts == ["alice-edit-demo": "developers-edit-demo/1", "alice-view-demo": "view-auto-approve/0"])
    }

    @Test("The example's forbiddenRules refuse admin and cluster-admin but allow edit and view")
    func exampleForbiddenRules() throws {
        let policy = try Self.manifests().compactMap {
            if case .accessPolicy(let p) = $0, p.name == "developers-edit-demo" { p } else { nil }
        }.first
        let forbidden = try #require(policy?.spec.forbiddenRules)
        let evaluator = RBACEvaluator(clusterRoles: DefaultClusterRoles.all)
        func verdict(_ role: String) -> String? {
            ForbiddenRules.firstCovered(forbidden, by: evaluator.effectiveRules(ofClusterRole: role) ?? [])
        }
        #expect(verdict("view") == nil)
        #expect(verdict("edit") == nil)
        #expect(verdict("admin") == "create on rolebindings.rbac.authorization.k8s.io")
        #expect(verdict("cluster-admin") == "escalate on any resource in rbac.authorization.k8s.io")
    }
}

@Suite("Default ClusterRoles")
struct DefaultClusterRolesTests {
    let evaluator = RBACEvaluator(clusterRoles: DefaultClusterRoles.all)

    func rules(_ name: String) -> [PolicyRule] { evaluator.effectiveRules(ofClusterRole: name) ?? [] }

    @Test("view is within edit, edit within admin, and cluster-admin covers everything")
    func nesting() {
        #expect(RBACCovers.covers(owner: rules("edit"), servant: rules("view")).covered)
        #expect(RBACCovers.covers(owner: rules("admin"), servant: rules("edit")).covered)
        #expect(RBACCovers.covers(owner: rules("cluster-admin"), servant: rules("admin")).covered)
        #expect(!RBACCovers.covers(owner: rules("view"), servant: rules("edit")).covered)
    }

    @Test(
        "Realistic permissions: edit updates deployments and reads secrets, view does neither",
        arguments: [
            ("edit", "update", "apps", "deployments", true), ("view", "update", "apps", "deployments", false),
            ("edit", "get", "", "secrets", true), ("view", "get", "", "secrets", false),
            ("view", "list", "", "pods", true), ("edit", "create", "rbac.authorization.k8s.io", "rolebindings", false),
            ("admin", "create", "rbac.authorization.k8s.io", "rolebindings", true),
        ])
    func permissions(_ role: String, _ verb: String, _ group: String, _ resource: String, _ allowed: Bool) {
        let request = PolicyRule(verbs: [verb], apiGroups: [group], resources: [resource])
        #expect(RBACCovers.covers(owner: rules(role), servant: [request]).covered == allowed)
    }

    @Test("A ClusterRole labelled aggregate-to-edit extends edit")
    func aggregation() {
        var extra = ClusterRole(
            metadata: ObjectMeta(name: "widgets-edit", labels: ["rbac.authorization.k8s.io/aggregate-to-edit": "true"]),
            rules: [PolicyRule(verbs: ["update"], apiGroups: ["example.com"], resources: ["widgets"])])
        let extended = RBACEvaluator(clusterRoles: DefaultClusterRoles.all + [extra])
        #expect(
            RBACCovers.covers(owner: extended.effectiveRules(ofClusterRole: "edit") ?? [], servant: extra.rules).covered
        )
        extra.metadata.labels = [:]
        let plain = RBACEvaluator(clusterRoles: DefaultClusterRoles.all + [extra])
        #expect(
            !RBACCovers.covers(owner: plain.effectiveRules(ofClusterRole: "edit") ?? [], servant: extra.rules).covered)
    }
}
