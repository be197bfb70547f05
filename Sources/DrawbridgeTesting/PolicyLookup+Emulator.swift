import APIServerEmulator
import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore

extension PolicyLookup {
    /// Reads the emulator's store directly, so the harness's webhook judges requests by policy even
    /// when no controller (and so no informer cache) is running, as in tests that create requests
    /// before starting or after stopping one.
    public static func emulator(_ api: APIServer) -> PolicyLookup {
        let store = api.store
        let compiled = CompiledPolicies()
        @Sendable func objects<R: KubeResource>(_ type: R.Type, group: String, namespace: String? = nil) -> [R] {
            store.list(StorageKey(group: group, plural: R.plural), namespace: namespace).items
                .compactMap { try? $0.decode(as: R.self) }
        }
        return PolicyLookup(
            isReady: { true },
            policies: { compiled.set(for: objects(AccessPolicy.self, group: Drawbridge.group)) },
            namespaceLabels: { name in
                let stored = store.get(StorageKey(group: "", plural: Namespace.plural), namespace: "", name: name)
                return (try? stored?.object.decode(as: Namespace.self))?.metadata.labels ?? [:]
            },
            roleRules: { role, namespace in
                EffectiveRules.of(
                    role, namespace: namespace,
                    roles: objects(Role.self, group: "rbac.authorization.k8s.io", namespace: namespace),
                    clusterRoles: objects(ClusterRole.self, group: "rbac.authorization.k8s.io"))
            },
            requesterRequests: { requester in
                objects(AccessRequest.self, group: Drawbridge.group).filter { $0.spec.requester?.username == requester }
                    .map(RequestSummary.init)
            })
    }
}
