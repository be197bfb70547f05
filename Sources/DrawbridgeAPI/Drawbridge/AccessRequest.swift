/// A request for time-bound access to one Role or ClusterRole in one namespace
/// (`drawbridge.dev/v1alpha1`, namespaced, short name `ar`).
public struct AccessRequest: SpecAndStatusResource {
    public static let apiVersion = Drawbridge.apiVersion
    public static let kind = "AccessRequest"
    public static let plural = "accessrequests"
    public static let isNamespaced = true

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
}
