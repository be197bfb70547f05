/// A request for time-bound access to one ClusterRole in every namespace, granted through a
/// ClusterRoleBinding (`drawbridge.dev/v1alpha1`, cluster-scoped, short name `car`). Nodes, CRDs and
/// PersistentVolumes are cluster-wide: a namespaced RoleBinding cannot grant them.
///
/// It carries the same spec and status as an AccessRequest and runs through the same lifecycle, so
/// the controller, the planner and the webhook handle it as an `AccessRequest` value without a
/// namespace (see `AccessRequest.isClusterWide`); this type exists at the wire, where its kind and
/// path differ.
public struct ClusterAccessRequest: SpecAndStatusResource {
    public static let apiVersion = Drawbridge.apiVersion
    public static let kind = "ClusterAccessRequest"
    public static let plural = "clusteraccessrequests"
    public static let isNamespaced = false

    public var metadata: ObjectMeta
    public var spec: AccessRequestSpec
    public var status: AccessRequestStatus?
    /// Top-level members not modelled above, written back unchanged.
    public var unknownFields = UnknownFields()

    public init(metadata: ObjectMeta, spec: AccessRequestSpec, status: AccessRequestStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// The same request on the wire: the namespace is dropped (a cluster-scoped object has none).
    public init(_ request: AccessRequest) {
        var metadata = request.metadata
        metadata.namespace = nil
        self.init(metadata: metadata, spec: request.spec, status: request.status)
        unknownFields = request.unknownFields
    }
}
