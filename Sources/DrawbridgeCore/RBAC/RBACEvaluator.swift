import DrawbridgeAPI

/// Answers "may this user do this?" from a snapshot of Roles, ClusterRoles and their bindings, the
/// way the Kubernetes RBAC authorizer does. Used by the in-memory API server on every request, by
/// SubjectAccessReview and SelfSubjectRulesReview, and by Drawbridge's escalation checks.
///
/// ClusterRoleBindings apply in every namespace and to non-resource requests; RoleBindings apply
/// only to resource requests in their own namespace. A roleRef of kind Role resolves in the
/// binding's namespace, of kind ClusterRole to the (aggregated) ClusterRole. Missing roles grant
/// nothing. Everything is resolved and indexed in `init`; build a new evaluator when RBAC changes.
public struct RBACEvaluator: Sendable {
    private let roleIndex: RBACRoleIndex
    private let clusterBindings: RBACBindingSet
    private let namespacedBindings: [String: RBACBindingSet]

    /// Resolves every binding's role and indexes bindings by namespace and subject.
    public init(
        roles: [Role] = [], clusterRoles: [ClusterRole] = [], roleBindings: [RoleBinding] = [],
        clusterRoleBindings: [ClusterRoleBinding] = []
    ) {
        let roleIndex = RBACRoleIndex(roles: roles, clusterRoles: clusterRoles)
        var clusterBindings = RBACBindingSet()
        for binding in clusterRoleBindings {
            clusterBindings.append(
                .init(
                    kind: ClusterRoleBinding.kind, name: binding.metadata.name ?? "", namespace: "",
                    subjects: binding.subjects, roleRef: binding.roleRef,
                    rules: roleIndex.rules(of: binding.roleRef, namespace: "")))
        }
        var namespacedBindings: [String: RBACBindingSet] = [:]
        for binding in roleBindings {
            let namespace = binding.metadata.namespace ?? ""
            // A RoleBinding without a namespace cannot exist in an API server and applies nowhere.
            guard !namespace.isEmpty else { continue }
            namespacedBindings[namespace, default: RBACBindingSet()].append(
                .init(
                    kind: RoleBinding.kind, name: binding.metadata.name ?? "", namespace: namespace,
                    subjects: binding.subjects, roleRef: binding.roleRef,
                    rules: roleIndex.rules(of: binding.roleRef, namespace: namespace)))
        }
        self.roleIndex = roleIndex
        self.clusterBindings = clusterBindings
        self.namespacedBindings = namespacedBindings
    }

    /// Whether some rule bound to the user allows the request, and which binding allowed it.
    public func authorize(_ attributes: AuthorizationAttributes) -> RBACDecision {
        var missingRoles: [String] = []
        let bindings = applicableBindings(
            user: attributes.user, groups: attributes.groups, namespace: attributes.namespace)
        for (entry, subject) in bindings {
            let roleDescription = "\(entry.roleRef.kind) \"\(entry.roleRef.name)\""
            guard let rules = entry.rules else {
                missingRoles.append("\(entry.kind) \"\(entry.displayName)\" refers to missing \(roleDescription)")
                continue
            }
            if rules.contains(where: { $0.allows(attributes.request) }) {
                let reason =
                    "RBAC: allowed by \(entry.kind) \"\(entry.displayName)\" of \(roleDescription) "
                    + "to \(subject.describe(bindingNamespace: entry.namespace))"
                return RBACDecision(allowed: true, reason: reason)
            }
        }
        let reason = ([RBACDecision.noPolicyMatchedReason] + missingRoles).joined(separator: "; ")
        return RBACDecision(allowed: false, reason: reason)
    }

    /// Every rule that applies to the user in `namespace`, cluster-wide rules first; `""` gives only
    /// the cluster-wide rules. Feeds SelfSubjectRulesReview. Not deduplicated, like Kubernetes.
    public func rules(forUser user: String, groups: [String], namespace: String) -> [PolicyRule] {
        applicableBindings(user: user, groups: groups, namespace: namespace).flatMap { $0.entry.rules ?? [] }
    }

    /// The ClusterRole's own rules plus the rules it aggregates; nil when there is no such ClusterRole.
    public func effectiveRules(ofClusterRole name: String) -> [PolicyRule]? {
        roleIndex.clusterRoleRules(name: name)
    }

    /// What a binding in `namespace` with this roleRef grants; nil when the role does not exist or the
    /// kind is neither Role nor ClusterRole.
    public func effectiveRules(of roleRef: RoleRef, namespace: String) -> [PolicyRule]? {
        roleIndex.rules(of: roleRef, namespace: namespace)
    }

    /// ClusterRoleBindings, then (for a namespace) that namespace's RoleBindings, that name the user.
    private func applicableBindings(
        user: String, groups: [String], namespace: String
    ) -> [(entry: RBACBindingSet.Entry, subject: Subject)] {
        var result = clusterBindings.applicable(user: user, groups: groups)
        if !namespace.isEmpty, let bindings = namespacedBindings[namespace] {
            result += bindings.applicable(user: user, groups: groups)
        }
        return result
    }
}
