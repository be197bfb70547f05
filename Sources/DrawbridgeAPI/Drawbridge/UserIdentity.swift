/// Who made a call, as the API server authenticated them and our admission webhook stamped it.
public struct UserIdentity: Codable, Hashable, Sendable {
    /// `system:serviceaccount:NS:NAME` for ServiceAccounts.
    public var username: String
    public var uid: String?
    public var groups: [String]?
    /// HMAC over the stamped fields by the controller's webhook; unsigned identities are not trusted.
    public var signature: String?

    public init(username: String, uid: String? = nil, groups: [String]? = nil, signature: String? = nil) {
        self.username = username
        self.uid = uid
        self.groups = groups
        self.signature = signature
    }

    /// The ServiceAccount `(namespace, name)` this identity is, if it is one.
    public var serviceAccount: (namespace: String, name: String)? {
        let parts = username.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "system", parts[1] == "serviceaccount", !parts[2].isEmpty,
            !parts[3].isEmpty
        else { return nil }
        return (String(parts[2]), String(parts[3]))
    }
}
