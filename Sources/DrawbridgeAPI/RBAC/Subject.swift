/// An `rbac/v1` Subject: who a binding grants to.
public struct Subject: Codable, Hashable, Sendable {
    /// The subject kinds RBAC understands.
    public enum Kind: String, Codable, Hashable, Sendable, CaseIterable {
        case user = "User"
        case group = "Group"
        case serviceAccount = "ServiceAccount"
    }

    public var kind: Kind
    public var name: String
    /// `rbac.authorization.k8s.io` for users and groups, empty for ServiceAccounts.
    public var apiGroup: String?
    /// Only for ServiceAccounts; empty means the binding's own namespace.
    public var namespace: String?

    public init(kind: Kind, name: String, apiGroup: String? = nil, namespace: String? = nil) {
        self.kind = kind
        self.name = name
        self.apiGroup = apiGroup ?? (kind == .serviceAccount ? nil : "rbac.authorization.k8s.io")
        self.namespace = namespace
    }
}
