import DrawbridgeAPI
import DrawbridgeCore

extension APIServer {
    /// What a fresh cluster has: the system namespaces, the default ClusterRoles, and the bindings that
    /// let every authenticated user use discovery and the self-reviews (`kubectl auth can-i`, `whoami`).
    func seed() {
        for name in ["default", "kube-system", "kube-public", "kube-node-lease"] {
            seedObject(
                group: "", plural: "namespaces",
                ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]])
        }
        let systemRoles = [
            ClusterRole(
                metadata: ObjectMeta(name: "system:discovery"),
                rules: [
                    PolicyRule(
                        verbs: ["get"],
                        nonResourceURLs: [
                            "/api", "/api/*", "/apis", "/apis/*", "/openapi", "/openapi/*", "/version", "/version/",
                            "/healthz", "/livez", "/readyz",
                        ])
                ]),
            ClusterRole(
                metadata: ObjectMeta(name: "system:basic-user"),
                rules: [
                    PolicyRule(
                        verbs: ["create"], apiGroups: ["authorization.k8s.io"],
                        resources: [
                            "selfsubjectaccessreviews", "selfsubjectrulesreviews",
                        ]),
                    PolicyRule(
                        verbs: ["create"], apiGroups: ["authentication.k8s.io"], resources: ["selfsubjectreviews"]),
                ]),
        ]
        for role in DefaultClusterRoles.all + systemRoles {
            if let value = try? JSONValue(encoding: role) {
                seedObject(group: Self.rbacGroup, plural: "clusterroles", value)
            }
        }
        let bindings = [
            ("system:discovery", "system:authenticated"), ("system:basic-user", "system:authenticated"),
            ("cluster-admin", "system:masters"),
        ]
        for (role, group) in bindings {
            let binding = ClusterRoleBinding(
                metadata: ObjectMeta(name: role), subjects: [Subject(kind: .group, name: group)],
                roleRef: RoleRef(kind: "ClusterRole", name: role))
            if let value = try? JSONValue(encoding: binding) {
                seedObject(group: Self.rbacGroup, plural: "clusterrolebindings", value)
            }
        }
    }

    /// Creates an object as the system: full create defaults, no authorization or admission.
    @discardableResult
    public func seedObject(group: String, plural: String, _ object: JSONValue) -> JSONValue? {
        let namespace = object[path: ["metadata", "namespace"]]?.stringValue ?? ""
        guard let type = registry.types.first(where: { $0.group == group && $0.plural == plural }) else { return nil }
        let ctx = WriteContext(
            request: APIRequest(method: "POST", path: "/", headers: ["user-agent": "drawbridge-emulator"]),
            user: UserInfo(username: "system:apiserver", groups: ["system:masters"]), type: type,
            target: RequestTarget(group: group, version: type.version, plural: plural, namespace: namespace),
            now: options.clock())
        guard
            let prepared = try? ObjectLifecycle.completeCreate(
                ObjectLifecycle.prepareCreate(object, ctx, namespaceExists: namespaceState), ctx)
        else { return nil }
        let name = prepared[path: ["metadata", "name"]]?.stringValue ?? ""
        return try? persist(type, namespace: namespace, name: name, expected: nil, object: prepared)
    }
}
