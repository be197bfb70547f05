import DrawbridgeAPI

/// Policies that parse but cannot mean what their author meant: a guardrail that silently does
/// nothing (a forbidden rule without verbs), or a promise that can never be kept (a requester who
/// can never collect enough approvals). Admission refuses them and the controller treats them as
/// invalid, like a policy whose duration does not parse.
extension CompiledPolicy {
    /// The first contradiction in `spec`, as `(field, problem)`; nil when there is none.
    static func contradiction(in spec: AccessPolicySpec) -> (field: String, problem: String)? {
        if spec.effectiveScope == .cluster { return clusterScopeProblem(spec) ?? sharedContradiction(in: spec) }
        guard let namespaces = spec.namespaces else {
            return ("spec.namespaces", "is required for scope Namespaced: give names or a selector")
        }
        if (namespaces.names ?? []).isEmpty && namespaces.selector == nil {
            return ("spec.namespaces", "must give names or a selector; as written it covers no namespace")
        }
        if let selector = namespaces.selector, let problem = PolicyScope.selectorProblem(selector) {
            return problem
        }
        return sharedContradiction(in: spec)
    }

    /// A Cluster policy governs ClusterAccessRequests: it has no namespaces and offers ClusterRoles
    /// only (a Role lives in one namespace and cannot be bound cluster-wide).
    static func clusterScopeProblem(_ spec: AccessPolicySpec) -> (field: String, problem: String)? {
        if spec.namespaces != nil {
            return (
                "spec.namespaces",
                "must be absent for scope Cluster: a cluster-wide grant applies in every namespace"
            )
        }
        if let index = spec.roles.firstIndex(where: { $0.kind != ClusterRole.kind }) {
            return (
                "spec.roles[\(index)].kind",
                "must be ClusterRole for scope Cluster: a ClusterRoleBinding can only bind a ClusterRole"
            )
        }
        return nil
    }

    /// The contradictions that do not depend on the scope.
    static func sharedContradiction(in spec: AccessPolicySpec) -> (field: String, problem: String)? {
        if let problem = unreachableApprovals(spec) { return problem }
        for (index, rule) in (spec.forbiddenRules ?? []).enumerated() {
            if let problem = forbiddenRuleProblem(rule) {
                return ("spec.forbiddenRules[\(index)]\(problem.0)", problem.1)
            }
        }
        return nil
    }

    /// With approvers named only as users, a listed requester who is also a listed approver can count
    /// on one approver fewer (nobody approves their own request).
    static func unreachableApprovals(_ spec: AccessPolicySpec) -> (field: String, problem: String)? {
        let required = spec.approval.required
        let approvers = ApproverMatcher(spec.approval.approvers)
        guard required > 0, approvers.groups.isEmpty else { return nil }
        for user in (spec.requesters.users ?? []).sorted() where approvers.users.contains(user) {
            let others = approvers.users.count - 1
            guard required > others else { continue }
            return (
                "spec.approval.required",
                "\(required) approvals can never be reached for requests by \"\(user)\": nobody approves their own request, and \(others) other listed user(s) remain"
            )
        }
        return nil
    }

    /// Kubernetes' own rules for an RBAC rule, applied to a forbidden rule, whose mistakes would
    /// otherwise forbid nothing without a word: `(field suffix, problem)`.
    static func forbiddenRuleProblem(_ rule: PolicyRule) -> (String, String)? {
        if rule.verbs.isEmpty { return (".verbs", "must name at least one verb; a rule without verbs forbids nothing") }
        let groups = rule.apiGroups ?? []
        let resources = rule.resources ?? []
        if !(rule.nonResourceURLs ?? []).isEmpty {
            guard groups.isEmpty && resources.isEmpty else {
                return ("", "nonResourceURLs cannot be combined with apiGroups or resources; write two rules")
            }
            return nil
        }
        if groups.isEmpty {
            return (
                ".apiGroups",
                "must name at least one API group (\"\" is the core group, \"*\" every group); a rule without one forbids nothing"
            )
        }
        if resources.isEmpty {
            return (
                ".resources", "must name at least one resource, or give nonResourceURLs; as written it forbids nothing"
            )
        }
        return nil
    }
}
