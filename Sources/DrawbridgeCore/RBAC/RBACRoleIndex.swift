import DrawbridgeAPI

/// The effective rules of every Role and ClusterRole, resolved once so authorization only looks them up.
///
/// Aggregation is computed here the way the Kubernetes aggregation controller would: a ClusterRole
/// with `aggregationRule.clusterRoleSelectors` gets, after its own rules, the rules of every other
/// ClusterRole whose labels match any selector. Only one level is followed (the selected roles' own
/// rules), so roles that select each other cannot loop.
struct RBACRoleIndex: Sendable {
    /// Role rules keyed by namespace, then name.
    private let roleRules: [String: [String: [PolicyRule]]]
    /// Effective (aggregated) ClusterRole rules keyed by name.
    private let clusterRoleRules: [String: [PolicyRule]]

    init(roles: [Role], clusterRoles: [ClusterRole]) {
        var roleRules: [String: [String: [PolicyRule]]] = [:]
        // With duplicate names (which an API server never stores) the first object wins.
        for role in roles {
            let namespace = role.metadata.namespace ?? ""
            let name = role.metadata.name ?? ""
            if roleRules[namespace]?[name] == nil {
                roleRules[namespace, default: [:]][name] = role.rules
            }
        }
        self.roleRules = roleRules

        var uniqueClusterRoles: [ClusterRole] = []
        var seen: Set<String> = []
        for clusterRole in clusterRoles where seen.insert(clusterRole.metadata.name ?? "").inserted {
            uniqueClusterRoles.append(clusterRole)
        }
        // Aggregation candidates in name order, as the aggregation controller lists them.
        let candidates = uniqueClusterRoles.sorted { ($0.metadata.name ?? "") < ($1.metadata.name ?? "") }
        var clusterRoleRules: [String: [PolicyRule]] = [:]
        for clusterRole in uniqueClusterRoles {
            clusterRoleRules[clusterRole.metadata.name ?? ""] = Self.effectiveRules(
                of: clusterRole, candidates: candidates)
        }
        self.clusterRoleRules = clusterRoleRules
    }

    /// The rules of the Role `name` in `namespace`, nil when it does not exist.
    func roleRules(name: String, namespace: String) -> [PolicyRule]? {
        roleRules[namespace]?[name]
    }

    /// The effective rules of the ClusterRole `name`, nil when it does not exist.
    func clusterRoleRules(name: String) -> [PolicyRule]? {
        clusterRoleRules[name]
    }

    /// What a binding's roleRef grants: a Role in the binding's namespace or a ClusterRole; nil when
    /// the role is missing or the kind is unknown.
    func rules(of roleRef: RoleRef, namespace: String) -> [PolicyRule]? {
        switch roleRef.kind {
        case Role.kind: roleRules(name: roleRef.name, namespace: namespace)
        case ClusterRole.kind: clusterRoleRules(name: roleRef.name)
        default: nil
        }
    }

    /// Own rules followed by the rules of every other selected ClusterRole, without adding a rule
    /// that is already present (the aggregation controller deduplicates the same way).
    static func effectiveRules(of clusterRole: ClusterRole, candidates: [ClusterRole]) -> [PolicyRule] {
        guard let selectors = clusterRole.aggregationRule?.clusterRoleSelectors, !selectors.isEmpty else {
            return clusterRole.rules
        }
        let ownName = clusterRole.metadata.name ?? ""
        var rules = clusterRole.rules
        var present = Set(rules)
        for selector in selectors {
            for candidate in candidates where (candidate.metadata.name ?? "") != ownName {
                guard selector.matches(candidate.metadata.labels ?? [:]) else { continue }
                for rule in candidate.rules where present.insert(rule).inserted {
                    rules.append(rule)
                }
            }
        }
        return rules
    }
}
