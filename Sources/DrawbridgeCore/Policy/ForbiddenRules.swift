import DrawbridgeAPI

/// The escalation guard behind `forbiddenRules`.
///
/// Each forbidden rule is broken down into single-verb, single-resource rules (`RBACCovers.breakdown`),
/// and a role is forbidden when any of its rules overlaps any of them (`RBACOverlap`): forbidding
/// `verbs: [bind, escalate]` on `*` stops a role that can do either on anything, which is what an admin
/// writing the rule means. This is never weaker than the upstream covers check.
public enum ForbiddenRules {
    /// What the role grants that a forbidden rule forbids (`create on rolebindings.rbac.authorization.k8s.io`),
    /// for the first overlap found; nil when the role is allowed.
    public static func firstCovered(_ forbidden: [PolicyRule], by roleRules: [PolicyRule]) -> String? {
        for rule in forbidden {
            for simple in RBACCovers.breakdown(rule) {
                if let granting = roleRules.first(where: { RBACOverlap.overlaps($0, simple) }) {
                    return describe(concrete(simple, within: granting))
                }
            }
        }
        return nil
    }

    /// Replaces the forbidden rule's wildcards with the granting rule's own values, so the message names
    /// what the role really allows.
    static func concrete(_ forbidden: PolicyRule, within granting: PolicyRule) -> PolicyRule {
        func pick(_ value: String?, _ candidates: [String]?, overlapping: (String, String) -> Bool) -> String? {
            guard let value, value == "*" else { return value }
            return candidates?.first { overlapping(value, $0) } ?? value
        }
        let verb = pick(forbidden.verbs.first, granting.verbs) { _, _ in true }
        if let url = forbidden.nonResourceURLs?.first {
            let grantedURL = pick(url, granting.nonResourceURLs) { RBACOverlap.urlsOverlap($0, $1) }
            return PolicyRule(verbs: [verb ?? "*"], nonResourceURLs: [grantedURL ?? url])
        }
        return PolicyRule(
            verbs: [verb ?? "*"],
            apiGroups: [pick(forbidden.apiGroups?.first, granting.apiGroups) { _, _ in true } ?? "*"],
            resources: [
                pick(forbidden.resources?.first, granting.resources) { RBACOverlap.resourcesOverlap($0, $1) } ?? "*"
            ],
            resourceNames: forbidden.resourceNames)
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
