/// A core/v1 Namespace, read for its labels (policies may select namespaces by label).
public struct Namespace: KubeResource {
    public static let apiVersion = "v1"
    public static let kind = "Namespace"
    public static let plural = "namespaces"
    public static let isNamespaced = false

    public var metadata: ObjectMeta
    /// `spec` and `status` are not modelled; they are kept so a written-back object loses nothing.
    public var unknownFields = UnknownFields()

    public init(metadata: ObjectMeta) {
        self.metadata = metadata
    }

    enum CodingKeys: String, ObjectCodingKeys, CaseIterable { case apiVersion, kind, metadata }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeHeader(of: Self.self)
        unknownFields = try UnknownFields(from: decoder, known: CodingKeys.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeHeader(of: self)
        try unknownFields.encode(to: encoder)
    }
}
