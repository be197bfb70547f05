/// An `rbac/v1` ClusterRole, including aggregation (how `admin`, `edit` and `view` are assembled).
public struct ClusterRole: KubeResource {
    public static let apiVersion = "rbac.authorization.k8s.io/v1"
    public static let kind = "ClusterRole"
    public static let plural = "clusterroles"
    public static let isNamespaced = false

    /// Selects the ClusterRoles whose rules are aggregated into this one.
    public struct AggregationRule: Codable, Hashable, Sendable {
        public var clusterRoleSelectors: [LabelSelector]?
        public init(clusterRoleSelectors: [LabelSelector]?) { self.clusterRoleSelectors = clusterRoleSelectors }
    }

    public var metadata: ObjectMeta
    public var rules: [PolicyRule]
    public var aggregationRule: AggregationRule?

    public init(metadata: ObjectMeta, rules: [PolicyRule], aggregationRule: AggregationRule? = nil) {
        self.metadata = metadata
        self.rules = rules
        self.aggregationRule = aggregationRule
    }

    enum CodingKeys: String, ObjectCodingKeys { case apiVersion, kind, metadata, rules, aggregationRule }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeHeader(of: Self.self)
        rules = try c.decodeIfPresent([PolicyRule].self, forKey: .rules) ?? []
        aggregationRule = try c.decodeIfPresent(AggregationRule.self, forKey: .aggregationRule)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeHeader(of: self)
        try c.encode(rules, forKey: .rules)
        try c.encodeIfPresent(aggregationRule, forKey: .aggregationRule)
    }
}
