import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeCore

/// The informer caches the AccessRequest reconciler reads: it never lists from the API server while
/// reconciling, so a reconcile costs no reads in the common case.
public struct GrantCaches: Sendable {
    public let requests: ResourceCache<AccessRequest>
    public let policies: ResourceCache<AccessPolicy>
    /// Only RoleBindings labelled `app.kubernetes.io/managed-by=drawbridge`.
    public let bindings: ResourceCache<RoleBinding>
    public let namespaces: ResourceCache<Namespace>
    public let clusterRoles: ResourceCache<ClusterRole>
    public let roles: ResourceCache<Role>

    public init(
        requests: ResourceCache<AccessRequest>, policies: ResourceCache<AccessPolicy>,
        bindings: ResourceCache<RoleBinding>, namespaces: ResourceCache<Namespace>,
        clusterRoles: ResourceCache<ClusterRole>, roles: ResourceCache<Role>
    ) {
        self.requests = requests
        self.policies = policies
        self.bindings = bindings
        self.namespaces = namespaces
        self.clusterRoles = clusterRoles
        self.roles = roles
    }

    /// A `PolicyLookup` over these caches, compiling policies through `compiled`.
    public func policyLookup(compiled: CompiledPolicies, isReady: @escaping @Sendable () -> Bool) -> PolicyLookup {
        let policies = self.policies
        let namespaces = self.namespaces
        let roles = self.roles
        let clusterRoles = self.clusterRoles
        return PolicyLookup(
            isReady: isReady, policies: { compiled.set(for: policies.list()) },
            namespaceLabels: { namespaces.get($0)?.metadata.labels ?? [:] },
            roleRules: { role, namespace in
                EffectiveRules.of(
                    role, namespace: namespace, roles: roles.list(namespace: namespace),
                    clusterRoles: clusterRoles.list())
            })
    }

    /// Managed bindings in `namespace` that say they belong to request `name`.
    func bindings(ofRequest name: String, namespace: String) -> [RoleBinding] {
        bindings.list(namespace: namespace).filter { $0.metadata.labels?[Drawbridge.Keys.request] == name }
    }
}
