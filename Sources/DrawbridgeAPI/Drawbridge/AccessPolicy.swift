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

    enum CodingKeys: String, CodingKey, CaseIterable { case apiVersion, kind, metadata, spec, status }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try TypeMetaCheck.verify(
            Self.self, apiVersion: c.decodeIfPresent(String.self, forKey: .apiVersion),
            kind: c.decodeIfPresent(String.self, forKey: .kind))
        metadata = try c.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
        spec = try c.decode(AccessPolicySpec.self, forKey: .spec)
        status = try c.decodeIfPresent(AccessPolicyStatus.self, forKey: .status)
        unknownFields = try UnknownFields(from: decoder, known: CodingKeys.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.apiVersion, forKey: .apiVersion)
        try c.encode(Self.kind, forKey: .kind)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(spec, forKey: .spec)
        try c.encodeIfPresent(status, forKey: .status)
        try unknownFields.encode(to: encoder)
    }
}
