import DrawbridgeAPI

/// The rules a requested role really grants, including ClusterRole aggregation, so forbiddenRules are
/// checked against what a binding would hand out rather than against a possibly empty `rules` list.
public enum EffectiveRules {
    /// Rules of `role` bound in `namespace`: a Role there, or a ClusterRole aggregated the way the
    /// aggregation controller does (candidates in name order). Nil when the role does not exist or the
    /// kind is unknown.
    public static func of(
        _ role: RoleReference, namespace: String, roles: [Role], clusterRoles: [ClusterRole]
    ) -> [PolicyRule]? {
        switch role.kind {
        case Role.kind:
            return roles.first { $0.metadata.namespace == namespace && $0.metadata.name == role.name }?.rules
        case ClusterRole.kind:
            guard let target = clusterRoles.first(where: { $0.metadata.name == role.name }) else { return nil }
            guard target.aggregationRule?.clusterRoleSelectors?.isEmpty == false else { return target.rules }
            let candidates = clusterRoles.sorted { ($0.metadata.name ?? "") < ($1.metadata.name ?? "") }
            return RBACRoleIndex.effectiveRules(of: target, candidates: candidates)
        default:
            return nil
        }
    }
}
