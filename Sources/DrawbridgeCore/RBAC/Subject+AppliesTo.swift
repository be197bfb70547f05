import DrawbridgeAPI

/// Whether a binding subject names a given user, with Kubernetes RBAC semantics.
///
/// Kept next to the rule predicates because a wrong answer here grants access just as surely as a
/// wrong rule match: a `*` user subject is a literal name, not "everyone".
extension Subject {
    /// The prefix Kubernetes gives every ServiceAccount user name.
    public static let serviceAccountUserPrefix = "system:serviceaccount:"

    /// Whether this subject matches the user. ServiceAccount subjects without a namespace take the
    /// binding's namespace; when both are empty (a ClusterRoleBinding) the subject never matches.
    public func appliesTo(user: String, groups: [String], bindingNamespace: String) -> Bool {
        switch kind {
        case .user:
            return name == user
        case .group:
            return groups.contains(name)
        case .serviceAccount:
            return serviceAccountUserName(bindingNamespace: bindingNamespace) == user
        }
    }

    /// `system:serviceaccount:<namespace>:<name>` for a ServiceAccount subject, or nil when it is not
    /// one or no namespace can be determined.
    public func serviceAccountUserName(bindingNamespace: String) -> String? {
        guard kind == .serviceAccount else { return nil }
        let subjectNamespace = namespace ?? ""
        let effectiveNamespace = subjectNamespace.isEmpty ? bindingNamespace : subjectNamespace
        guard !effectiveNamespace.isEmpty else { return nil }
        return Self.serviceAccountUserPrefix + effectiveNamespace + ":" + name
    }

    /// How the subject is named in decision reasons: `User "alice"`, `ServiceAccount "ns/sa"`.
    func describe(bindingNamespace: String) -> String {
        switch kind {
        case .user, .group:
            return "\(kind.rawValue) \"\(name)\""
        case .serviceAccount:
            let subjectNamespace = namespace ?? ""
            let effectiveNamespace = subjectNamespace.isEmpty ? bindingNamespace : subjectNamespace
            return "\(kind.rawValue) \"\(effectiveNamespace)/\(name)\""
        }
    }
}
