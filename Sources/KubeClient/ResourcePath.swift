import DrawbridgeAPI

/// URL paths of a resource type, built from its `KubeResource` identity.
public enum ResourcePath {
    /// `/api/v1` for the core group, `/apis/<group>/<version>` otherwise.
    public static func base<R: KubeResource>(_ type: R.Type) -> String {
        R.group.isEmpty ? "/api/\(R.version)" : "/apis/\(R.group)/\(R.version)"
    }

    /// The collection: namespaced when `namespace` is given and the type is namespaced, else all namespaces.
    public static func collection<R: KubeResource>(_ type: R.Type, namespace: String?) -> String {
        if R.isNamespaced, let namespace, !namespace.isEmpty {
            return "\(base(type))/namespaces/\(namespace)/\(R.plural)"
        }
        return "\(base(type))/\(R.plural)"
    }

    /// One object, optionally a subresource of it (`status`).
    public static func object<R: KubeResource>(
        _ type: R.Type, name: String, namespace: String?, subresource: String? = nil
    ) -> String {
        let path = "\(collection(type, namespace: namespace))/\(name)"
        return subresource.map { "\(path)/\($0)" } ?? path
    }
}
