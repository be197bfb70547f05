/// A core/v1 Secret, read and written by the controller for its identity signing key.
public struct Secret: KubeResource {
    public static let apiVersion = "v1"
    public static let kind = "Secret"
    public static let plural = "secrets"
    public static let isNamespaced = true

    public var metadata: ObjectMeta
    /// `kubernetes.io/...` type; Drawbridge writes `Opaque`.
    public var type: String?
    /// Values base64-encoded, as on the wire.
    public var data: [String: String]?
    /// Members not modelled above (stringData, immutable), written back unchanged.
    public var unknownFields = UnknownFields()

    public init(metadata: ObjectMeta, type: String? = "Opaque", data: [String: String]? = nil) {
        self.metadata = metadata
        self.type = type
        self.data = data
    }

    enum CodingKeys: String, ObjectCodingKeys, CaseIterable { case apiVersion, kind, metadata, type, data }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeHeader(of: Self.self)
        type = try c.decodeIfPresent(String.self, forKey: .type)
        data = try c.decodeIfPresent([String: String].self, forKey: .data)
        unknownFields = try UnknownFields(from: decoder, known: CodingKeys.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeHeader(of: self)
        try c.encodeIfPresent(type, forKey: .type)
        try c.encodeIfPresent(data, forKey: .data)
        try unknownFields.encode(to: encoder)
    }
}
