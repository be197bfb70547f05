/// Which object: its namespace (nil for cluster-scoped objects) and name. What work queues carry,
/// caches are keyed by and logs print, so no code builds or splits `"namespace/name"` strings.
public struct ObjectKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The namespace; nil for a cluster-scoped object.
    public var namespace: String?
    public var name: String

    /// The key of `name` in `namespace` (nil or empty: cluster-scoped).
    public init(namespace: String?, name: String) {
        self.namespace = namespace.flatMap { $0.isEmpty ? nil : $0 }
        self.name = name
    }

    /// `namespace/name`, or `name` for a cluster-scoped object: how kubectl and client-go print keys.
    public var description: String {
        guard let namespace else { return name }
        return "\(namespace)/\(name)"
    }

    /// Cluster-scoped first, then by namespace, then by name: a stable order for lists and logs.
    public static func < (a: ObjectKey, b: ObjectKey) -> Bool {
        (a.namespace ?? "", a.name) < (b.namespace ?? "", b.name)
    }
}

extension KubeResource {
    /// The object's key (namespace and name).
    public var key: ObjectKey { ObjectKey(namespace: metadata.namespace, name: metadata.name ?? "") }
}
