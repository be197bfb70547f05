import DrawbridgeAPI

/// The RBAC escalation check: does a set of rules (the "owner", e.g. what a user or an
/// AccessPolicy may grant) cover every permission in another set (the "servant", e.g. a requested
/// role)? Drawbridge refuses to grant roles whose rules are not covered, as Kubernetes refuses to
/// let a user create a binding that escalates their own privileges.
///
/// Servant rules are broken down into single-permission subrules first, so that several owner
/// rules may jointly cover one servant rule; each subrule must be covered by one owner rule.
public enum RBACCovers {
    /// Splits a rule into subrules of one verb, one apiGroup, one resource and at most one
    /// resourceName each (group, then resource, then verb, then name order); non-resource URLs
    /// combine only with verbs (URL, then verb order). Empty lists stay absent (nil).
    public static func breakdown(_ rule: PolicyRule) -> [PolicyRule] {
        var subrules: [PolicyRule] = []
        let resourceNames = rule.resourceNames ?? []
        for group in rule.apiGroups ?? [] {
            for resource in rule.resources ?? [] {
                for verb in rule.verbs {
                    if resourceNames.isEmpty {
                        subrules.append(PolicyRule(verbs: [verb], apiGroups: [group], resources: [resource]))
                    } else {
                        for name in resourceNames {
                            subrules.append(
                                PolicyRule(
                                    verbs: [verb], apiGroups: [group], resources: [resource], resourceNames: [name]))
                        }
                    }
                }
            }
        }
        for url in rule.nonResourceURLs ?? [] {
            for verb in rule.verbs {
                subrules.append(PolicyRule(verbs: [verb], nonResourceURLs: [url]))
            }
        }
        return subrules
    }

    /// Whether the owner rules cover every servant rule, and the broken-down servant subrules that no
    /// owner rule covers, in breakdown order.
    public static func covers(owner: [PolicyRule], servant: [PolicyRule]) -> (covered: Bool, uncovered: [PolicyRule]) {
        var uncovered: [PolicyRule] = []
        for rule in servant {
            for subrule in breakdown(rule) where !owner.contains(where: { ruleCovers($0, subrule) }) {
                uncovered.append(subrule)
            }
        }
        return (uncovered.isEmpty, uncovered)
    }

    /// Whether one owner rule covers one (broken-down) servant rule in every dimension.
    public static func ruleCovers(_ owner: PolicyRule, _ servant: PolicyRule) -> Bool {
        let verbsCovered = listCovers(owner.verbs, servant.verbs)
        let groupsCovered = listCovers(owner.apiGroups ?? [], servant.apiGroups ?? [])
        let resourcesCovered = resourcesCover(owner.resources ?? [], servant.resources ?? [])
        let urlsCovered = (servant.nonResourceURLs ?? []).allSatisfy { url in
            (owner.nonResourceURLs ?? []).contains { PolicyRule.urlPatternCovers($0, url) }
        }
        return verbsCovered && groupsCovered && resourcesCovered && urlsCovered
            && resourceNamesCover(owner.resourceNames ?? [], servant.resourceNames ?? [])
    }

    /// `*` in the owner list, or every servant entry present.
    private static func listCovers(_ owner: [String], _ servant: [String]) -> Bool {
        owner.contains(PolicyRule.wildcard) || servant.allSatisfy(owner.contains)
    }

    /// `*`, every resource present, or each missing `resource/sub` covered by an owner `*/sub`.
    private static func resourcesCover(_ owner: [String], _ servant: [String]) -> Bool {
        if listCovers(owner, servant) { return true }
        return servant.allSatisfy { resource in
            if owner.contains(resource) { return true }
            // A plain resource is only covered by itself or `*`.
            guard let slash = resource.firstIndex(of: "/") else { return false }
            return owner.contains("*" + resource[slash...])
        }
    }

    /// A servant without names needs an owner without names; a servant with names needs an owner
    /// without names or with all of them.
    private static func resourceNamesCover(_ owner: [String], _ servant: [String]) -> Bool {
        if servant.isEmpty { return owner.isEmpty }
        return owner.isEmpty || servant.allSatisfy(owner.contains)
    }
}
