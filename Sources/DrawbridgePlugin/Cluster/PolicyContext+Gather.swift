import DrawbridgeAPI
import DrawbridgeCore
import KubeClient

extension PolicyContext {
    /// Reads what judging requests in `namespaces` needs, with the caller's permissions: the
    /// AccessPolicies (required: without them nothing can be said), then, only when some policy
    /// depends on them, the namespaces' labels, the ClusterRoles (Kubernetes' defaults when the
    /// caller may not list them) and the Roles of `roleNamespaces` (when a policy offers Roles).
    /// `wantRules` reads the roles even when no policy needs them (to show what a grant allows).
    public static func gather(
        _ session: PluginSession, namespaces: Set<String>, roleNamespaces: Set<String> = [], wantRules: Bool = false
    ) async throws -> PolicyContext {
        let policies: [AccessPolicy]
        do {
            policies = try await session.policies()
        } catch let error as APIError where error.code == 403 {
            throw PluginFailure(
                "cannot read AccessPolicies, so nothing can be judged: \(PluginFailure.reason(of: error))")
        }
        var context = PolicyContext(policies: policies)
        if context.usesNamespaceLabels {
            for namespace in namespaces.sorted() {
                do {
                    let object = try await session.client.get(Namespace.self, name: namespace)
                    context.namespaceLabels[namespace] = object.metadata.labels ?? [:]
                } catch let error as APIError where error.code == 403 || error.isNotFound {
                    context.notes.append(
                        "the labels of namespace \(namespace) could not be read (\(error.code == 403 ? "forbidden" : "not found")), so policies that select namespaces by label are judged as if it had none"
                    )
                }
            }
        }
        guard context.usesRoleRules || wantRules else { return context }
        do {
            context.clusterRoles = try await session.client.listAll(ClusterRole.self).items
        } catch let error as APIError where error.code == 403 {
            context.clusterRoles = DefaultClusterRoles.all
            // Said where it matters (`why` names the source of the rules it shows); every other
            // command would repeat it on each run.
            context.clusterRoleSource = .kubernetesDefaults(reason: "you may not list ClusterRoles")
        }
        let offersRoles = context.policies.valid.contains { $0.spec.roles.contains { $0.kind == Role.kind } }
        for namespace in roleNamespaces.sorted() where offersRoles || wantRules {
            do {
                context.roles[namespace] = try await session.client.listAll(Role.self, namespace: namespace).items
            } catch let error as APIError where error.code == 403 {
                context.notes.append("you may not list the Roles of namespace \(namespace), so their rules are unknown")
            }
        }
        return context
    }
}
