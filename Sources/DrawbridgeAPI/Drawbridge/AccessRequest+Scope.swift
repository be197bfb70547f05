/// Where a grant applies. An AccessRequest always lives in a namespace and grants there; a
/// ClusterAccessRequest has none and grants cluster-wide. Inside Drawbridge both are `AccessRequest`
/// values, told apart by the namespace, exactly as Kubernetes keys cluster-scoped objects.
extension AccessRequest {
    /// The request as an AccessRequest value: the lifecycle code handles both kinds alike.
    public init(_ request: ClusterAccessRequest) {
        var metadata = request.metadata
        metadata.namespace = nil
        self.init(metadata: metadata, spec: request.spec, status: request.status)
        unknownFields = request.unknownFields
    }

    /// True for a ClusterAccessRequest: no namespace, a ClusterRoleBinding for its grant.
    /// - Important: only for requests read from the API server (or admission, once the namespace
    ///   of the admission request is filled in): in a file an AccessRequest may omit its namespace.
    public var isClusterWide: Bool { metadata.namespace == nil }

    /// `AccessRequest` or `ClusterAccessRequest`.
    public var kindName: String { isClusterWide ? ClusterAccessRequest.kind : Self.kind }

    /// `RoleBinding` or `ClusterRoleBinding`: what carries the grant.
    public var bindingKind: String { isClusterWide ? ClusterRoleBinding.kind : RoleBinding.kind }

    /// `in namespace demo` or `cluster-wide`, for messages.
    public var placement: String {
        isClusterWide ? "cluster-wide" : "in namespace \(metadata.namespace ?? "")"
    }

    /// `AccessRequest demo/alice-edit` or `ClusterAccessRequest alice-nodes`, for messages.
    public var displayName: String { Self.displayName(namespace: metadata.namespace, name: metadata.name ?? "") }

    /// `AccessRequest demo/alice-edit` or `ClusterAccessRequest alice-nodes`: the request at `key` (a
    /// key without a namespace is a ClusterAccessRequest's), for messages about a request not at hand.
    public static func displayName(of key: ObjectKey) -> String {
        displayName(namespace: key.namespace, name: key.name)
    }

    /// The one spelling of both: no namespace is a ClusterAccessRequest.
    static func displayName(namespace: String?, name: String) -> String {
        guard let namespace else { return "\(ClusterAccessRequest.kind) \(name)" }
        return "\(kind) \(namespace)/\(name)"
    }

    /// What an Event about the request points at, with its real kind.
    public var reference: ObjectReference {
        var reference = ObjectReference(to: self)
        reference.kind = kindName
        return reference
    }
}

extension RoleBinding {
    /// A ClusterRoleBinding as a RoleBinding value without a namespace, so one code path handles
    /// the grants of both request kinds.
    public init(_ binding: ClusterRoleBinding) {
        var metadata = binding.metadata
        metadata.namespace = nil
        self.init(metadata: metadata, subjects: binding.subjects, roleRef: binding.roleRef)
        unknownFields = binding.unknownFields
    }

    /// True for a cluster-wide grant's binding (a ClusterRoleBinding carried as a RoleBinding value).
    public var isClusterWide: Bool { metadata.namespace == nil }
}

extension ClusterRoleBinding {
    /// The ClusterRoleBinding a namespace-less RoleBinding value stands for.
    public init(_ binding: RoleBinding) {
        var metadata = binding.metadata
        metadata.namespace = nil
        self.init(metadata: metadata, subjects: binding.subjects, roleRef: binding.roleRef)
        unknownFields = binding.unknownFields
    }
}
