import DrawbridgeAPI

/// Whether two rules could allow at least one request in common.
///
/// The guard behind `forbiddenRules`. Upstream's "covers" check asks whether a role grants *all* of a
/// rule; a forbidden rule written with wildcards (`escalate` on any resource) would then only stop
/// roles that escalate on everything. Overlap asks whether the role grants *any part* of the forbidden
/// rule, so wildcards in a forbidden rule mean "any". Whenever a role covers a rule it also overlaps it,
/// so this is never weaker than covers.
public enum RBACOverlap {
    /// True when some request is allowed by both `a` and `b`.
    public static func overlaps(_ a: PolicyRule, _ b: PolicyRule) -> Bool {
        guard valuesOverlap(a.verbs, b.verbs) else { return false }
        let aURLs = a.nonResourceURLs ?? [], bURLs = b.nonResourceURLs ?? []
        if aURLs.contains(where: { url in bURLs.contains { urlsOverlap(url, $0) } }) { return true }
        let aResources = a.resources ?? [], bResources = b.resources ?? []
        guard !aResources.isEmpty, !bResources.isEmpty else { return false }
        return valuesOverlap(a.apiGroups ?? [], b.apiGroups ?? [])
            && aResources.contains(where: { resource in bResources.contains { resourcesOverlap(resource, $0) } })
            && namesOverlap(a.resourceNames ?? [], b.resourceNames ?? [])
    }

    /// True when any rule in `rules` overlaps `rule`.
    public static func anyOverlaps(_ rules: [PolicyRule], _ rule: PolicyRule) -> Bool {
        rules.contains { overlaps($0, rule) }
    }

    static func valuesOverlap(_ a: [String], _ b: [String]) -> Bool {
        guard !a.isEmpty, !b.isEmpty else { return false }
        return a.contains("*") || b.contains("*") || a.contains(where: b.contains)
    }

    /// `*` matches anything; `*/sub` matches every resource's `sub`; otherwise names must be equal.
    static func resourcesOverlap(_ a: String, _ b: String) -> Bool {
        if a == "*" || b == "*" || a == b { return true }
        func subresource(_ value: String) -> Substring? {
            value.firstIndex(of: "/").map { value[value.index(after: $0)...] }
        }
        guard let subA = subresource(a), let subB = subresource(b), subA == subB else { return false }
        return a.hasPrefix("*/") || b.hasPrefix("*/")
    }

    /// No names means any name.
    static func namesOverlap(_ a: [String], _ b: [String]) -> Bool {
        a.isEmpty || b.isEmpty || a.contains(where: b.contains)
    }

    /// Exact, or one is a trailing-`*` prefix of the other.
    static func urlsOverlap(_ a: String, _ b: String) -> Bool {
        func matches(_ pattern: String, _ path: String) -> Bool {
            guard pattern != "*", pattern != path else { return true }
            guard pattern.hasSuffix("*") else { return false }
            var prefix = Substring(pattern)
            while prefix.last == "*" { prefix = prefix.dropLast() }
            return path.hasPrefix(prefix)
        }
        return matches(a, b) || matches(b, a)
    }
}
