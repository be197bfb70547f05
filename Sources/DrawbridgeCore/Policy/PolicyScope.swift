import DrawbridgeAPI

/// Which requests a policy is about: scope, requester, namespace and role. Read from the spec as written,
/// so it can be judged for an invalid policy too (its limits may be unreadable, but whom, where and
/// which roles it speaks for still are), and an invalid policy can refuse to let a laxer one govern
/// the requests it covers.
public enum PolicyScope {
    /// True when `spec` covers this requester, namespace and role, in its scope: a `Cluster` policy
    /// covers only cluster-wide requests and a `Namespaced` one only namespaced requests, whatever
    /// else they say (`names: ["*"]` never reaches cluster-wide). A namespace label selector that
    /// is itself invalid is taken to match every namespace: when in doubt, a policy covers.
    /// A break-glass request is covered only by a policy with `breakGlass`, whose requesters there
    /// take the place of `requesters`.
    public static func covers(_ spec: AccessPolicySpec, _ input: PolicyInput) -> Bool {
        let requesters = input.breakGlass ? spec.breakGlass?.requesters : spec.requesters
        guard let requesters, coversScope(spec, input) else { return false }
        return coversRequester(requesters, input.requester)
            && (input.clusterWide
                || coversNamespace(
                    spec.namespaces ?? NamespaceSelector(), input.namespace, labels: input.namespaceLabels))
            && spec.roles.contains(input.role)
    }

    /// True when the policy's scope is the request's: `Cluster` for cluster-wide requests only.
    static func coversScope(_ spec: AccessPolicySpec, _ input: PolicyInput) -> Bool {
        (spec.effectiveScope == .cluster) == input.clusterWide
    }

    static func coversRequester(_ selector: RequesterSelector, _ identity: UserIdentity) -> Bool {
        if selector.users?.contains(identity.username) == true { return true }
        if let groups = selector.groups, (identity.groups ?? []).contains(where: groups.contains) { return true }
        if let account = identity.serviceAccount,
            selector.serviceAccounts?.contains(where: { $0.namespace == account.namespace && $0.name == account.name })
                == true
        {
            return true
        }
        return false
    }

    static func coversNamespace(_ selector: NamespaceSelector, _ namespace: String, labels: [String: String]) -> Bool {
        if let names = selector.names, names.contains(namespace) || names.contains("*") { return true }
        if let labelSelector = selector.selector {
            return selectorProblem(labelSelector) != nil || labelSelector.matches(labels)
        }
        return false
    }

    /// What makes a label selector invalid in Kubernetes' eyes, as `(field, problem)`: `In` and
    /// `NotIn` need values, `Exists` and `DoesNotExist` take none. Nil when it is valid.
    static func selectorProblem(_ selector: LabelSelector) -> (field: String, problem: String)? {
        for (index, requirement) in (selector.matchExpressions ?? []).enumerated() {
            let field = "spec.namespaces.selector.matchExpressions[\(index)].values"
            let hasValues = !(requirement.values ?? []).isEmpty
            let needsValues = [.in, .notIn].contains(requirement.operator)
            if needsValues && !hasValues {
                return (field, "must be non-empty when operator is \(requirement.operator.rawValue)")
            }
            if !needsValues && hasValues {
                return (field, "must be empty when operator is \(requirement.operator.rawValue)")
            }
        }
        return nil
    }
}
