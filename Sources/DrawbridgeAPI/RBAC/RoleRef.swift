/// An `rbac/v1` RoleRef: the Role or ClusterRole a binding grants. Immutable on a binding.
public struct RoleRef: Codable, Hashable, Sendable {
    /// `Role` or `ClusterRole`; anything else is refused where Drawbridge validates input.
    public var kind: String
    public var name: String
    public var apiGroup: String

    public init(kind: String, name: String, apiGroup: String = "rbac.authorization.k8s.io") {
        self.kind = kind
        self.name = name
        self.apiGroup = apiGroup
    }
}
