import DrawbridgeAPI
import DrawbridgeTesting
import Testing

/// drawbridge-admin holds the one permission that lets its holder delete anyone's AccessRequest
/// (`delete` on `accessrequests/force`), and nothing that would let it write policies, read the
/// signing key or escalate; it is no part of the built-in roles.
@Suite("The drawbridge-admin role")
struct AdminRoleTests {
    @Test func itHoldsForceDeleteAndNothingThatWritesPoliciesReadsSecretsOrEscalates() throws {
        let documents = try YAMLJSON.documents(in: try PackageRoot.text("config/rbac/admin_role.yaml"))
        let role = try #require(documents.first { $0["kind"] == "ClusterRole" }).decode(as: ClusterRole.self)
        #expect(role.metadata.name == "drawbridge-admin")
        #expect(
            (role.metadata.labels ?? [:]).keys.allSatisfy { !$0.hasPrefix("rbac.authorization.k8s.io/aggregate-to") },
            "not aggregated into view, edit or admin")
        let rules = role.rules
        #expect(
            rules.contains {
                $0.verbs == ["delete"] && $0.apiGroups == ["drawbridge.dev"]
                    && $0.resources == ["accessrequests/force", "clusteraccessrequests/force"]
            })
        let writes: Set<String> = ["create", "update", "patch", "delete", "deletecollection", "*"]
        for rule in rules {
            let resources = Set(rule.resources ?? [])
            if !resources.isDisjoint(with: [
                "accesspolicies", "accessrequests/status", "clusteraccessrequests/status", "*",
            ]) {
                #expect(Set(rule.verbs).isDisjoint(with: writes), "\(rule)")
            }
            #expect(
                resources.isDisjoint(with: ["secrets", "roles", "clusterroles", "rolebindings", "clusterrolebindings"]),
                "\(rule)")
            #expect(Set(rule.verbs).isDisjoint(with: ["bind", "escalate", "impersonate", "*"]), "\(rule)")
        }
        #expect(try PackageRoot.text("config/rbac/kustomization.yaml").contains("- admin_role.yaml"))
    }
}
