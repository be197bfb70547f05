/// A request for time-bound access to one Role or ClusterRole in one namespace
/// (`drawbridge.dev/v1alpha1`, namespaced, short name `ar`).
public struct AccessRequest: KubeResource {
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

    enum CodingKeys: String, ObjectCodingKeys, CaseIterable { case apiVersion, kind, metadata, spec, status }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeHeader(of: Self.self)
        spec = try c.decode(AccessRequestSpec.self, forKey: .spec)
        status = try c.decodeIfPresent(AccessRequestStatus.self, forKey: .status)
        unknownFields = try UnknownFields(from: decoder, known: CodingKeys.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeHeader(of: self)
        try c.encode(spec, forKey: .spec)
        try c.encodeIfPresent(status, forKey: .status)
        try unknownFields.encode(to: encoder)
    }
}
