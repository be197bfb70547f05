/// An `rbac/v1` Role: rules valid in one namespace.
public struct Role: KubeResource {
    public static let apiVersion = "rbac.authorization.k8s.io/v1"
    public static let kind = "Role"
    public static let plural = "roles"
    public static let isNamespaced = true

    public var metadata: ObjectMeta
    public var rules: [PolicyRule]

    public init(metadata: ObjectMeta, rules: [PolicyRule]) {
        self.metadata = metadata
        self.rules = rules
    }

    enum CodingKeys: String, ObjectCodingKeys { case apiVersion, kind, metadata, rules }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeHeader(of: Self.self)
        rules = try c.decodeIfPresent([PolicyRule].self, forKey: .rules) ?? []
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeHeader(of: self)
        try c.encode(rules, forKey: .rules)
    }
}
