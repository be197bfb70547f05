import DrawbridgeAPI

/// The escalation guard behind `forbiddenRules`.
///
/// Each forbidden rule is broken down into single-verb, single-resource rules (`RBACCovers.breakdown`),
/// and a role is forbidden when any of its rules overlaps any of them (`RBACOverlap`): forbidding
/// `verbs: [bind, escalate]` on `*` stops a role that can do either on anything, which is what an admin
/// writing the rule means. This is never weaker than the upstream covers check.
public enum ForbiddenRules {
    /// The first broken-down forbidden rule that `roleRules` cover, described for humans; nil when none.
    public static func firstCovered(_ forbidden: [PolicyRule], by roleRules: [PolicyRule]) -> String? {
        for rule in forbidden {
            for simple in RBACCovers.breakdown(rule) where RBACOverlap.anyOverlaps(roleRules, simple) {
                return describe(simple)
            }
        }
        return nil
    }

    /// `escalate on roles.rbac.authorization.k8s.io`, `get on secrets`, `get on /metrics`.
    static func describe(_ rule: PolicyRule) -> String {
        let verb = rule.verbs.first ?? "*"
        if let url = rule.nonResourceURLs?.first { return "\(verb) on \(url)" }
        let group = rule.apiGroups?.first ?? ""
        var resource = rule.resources?.first ?? "*"
        if resource == "*" {
            resource = group == "*" || group.isEmpty ? "any resource" : "any resource in \(group)"
        } else if !group.isEmpty && group != "*" {
            resource += ".\(group)"
        }
        if let name = rule.resourceNames?.first { resource += " named \"\(name)\"" }
        return "\(verb) on \(resource)"
    }
}
