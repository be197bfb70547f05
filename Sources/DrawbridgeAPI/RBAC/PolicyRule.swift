/// An `rbac/v1` PolicyRule: the unit every RBAC check and the escalation ("covers") check works on.
public struct PolicyRule: Codable, Hashable, Sendable {
    public var verbs: [String]
    public var apiGroups: [String]?
    public var resources: [String]?
    public var resourceNames: [String]?
    public var nonResourceURLs: [String]?

    public init(
        verbs: [String], apiGroups: [String]? = nil, resources: [String]? = nil, resourceNames: [String]? = nil,
        nonResourceURLs: [String]? = nil
    ) {
        self.verbs = verbs
        self.apiGroups = apiGroups
        self.resources = resources
        self.resourceNames = resourceNames
        self.nonResourceURLs = nonResourceURLs
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        // `verbs` is required by the API; a missing list is treated as empty (allows nothing).
        verbs = try c.decodeIfPresent([String].self, forKey: .verbs) ?? []
        apiGroups = try c.decodeIfPresent([String].self, forKey: .apiGroups)
        resources = try c.decodeIfPresent([String].self, forKey: .resources)
        resourceNames = try c.decodeIfPresent([String].self, forKey: .resourceNames)
        nonResourceURLs = try c.decodeIfPresent([String].self, forKey: .nonResourceURLs)
    }
}
