/// A cluster-wide guardrail deciding which AccessRequests are allowed, for how long, and who approves
/// (`drawbridge.dev/v1alpha1`, cluster-scoped, short name `ap`). No policy, no access.
public struct AccessPolicy: KubeResource {
    public static let apiVersion = Drawbridge.apiVersion
    public static let kind = "AccessPolicy"
    public static let plural = "accesspolicies"
    public static let isNamespaced = false

    public var metadata: ObjectMeta
    public var spec: AccessPolicySpec
    public var status: AccessPolicyStatus?
    /// Top-level members not modelled above, written back unchanged.
    public var unknownFields = UnknownFields()

    public init(metadata: ObjectMeta, spec: AccessPolicySpec, status: AccessPolicyStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// The policy's name (cluster-scoped objects are keyed by name alone).
    public var name: String { metadata.name ?? "" }

    enum CodingKeys: String, ObjectCodingKeys, CaseIterable { case apiVersion, kind, metadata, spec, status }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeHeader(of: Self.self)
        spec = try c.decode(AccessPolicySpec.self, forKey: .spec)
        status = try c.decodeIfPresent(AccessPolicyStatus.self, forKey: .status)
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
