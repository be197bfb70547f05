import DrawbridgeAPI

extension RequestChange {
    /// The request as a ClusterAccessRequest: the same request without a namespace.
    public static func clusterWide() -> RequestChange {
        .custom { $0.metadata.namespace = nil }
    }
}

extension AccessPolicy {
    /// This policy with scope Cluster: it governs ClusterAccessRequests and has no namespaces.
    public func clusterScoped() -> AccessPolicy {
        var policy = self
        policy.spec.scope = .cluster
        policy.spec.namespaces = nil
        return policy
    }
}
