import DrawbridgeAPI

/// Whether one PolicyRule allows one request, with the Kubernetes RBAC authorizer's exact semantics.
///
/// The predicates are spelled out one by one because their edge cases are the security boundary:
/// `""` is only the core group, `pods/*` is not a wildcard, `*/scale` matches any resource's `scale`
/// subresource, and `*` in a non-resource URL is only a trailing prefix glob.
extension PolicyRule {
    /// The wildcard accepted in verbs, apiGroups, resources and nonResourceURLs.
    static let wildcard = "*"

    /// Whether this rule allows the request; a resource rule never matches a non-resource request
    /// and vice versa.
    public func allows(_ attributes: AuthorizationAttributes) -> Bool {
        allows(attributes.request)
    }

    /// Whether this rule allows the request, independent of who makes it.
    public func allows(_ request: AuthorizationAttributes.Request) -> Bool {
        switch request {
        case .resource(let resource):
            return Self.verbMatches(verbs, resource.verb)
                && Self.apiGroupMatches(apiGroups ?? [], resource.apiGroup)
                && Self.resourceMatches(resources ?? [], resource.combinedResource, subresource: resource.subresource)
                && Self.resourceNameMatches(resourceNames ?? [], resource.name)
        case .nonResource(let nonResource):
            return Self.verbMatches(verbs, nonResource.verb)
                && Self.nonResourceURLMatches(nonResourceURLs ?? [], nonResource.path)
        }
    }

    /// `*` or an exact, case-sensitive verb.
    static func verbMatches(_ ruleVerbs: [String], _ verb: String) -> Bool {
        ruleVerbs.contains { $0 == wildcard || $0 == verb }
    }

    /// `*` or the exact group; `""` names the core group and nothing else.
    static func apiGroupMatches(_ ruleGroups: [String], _ group: String) -> Bool {
        ruleGroups.contains { $0 == wildcard || $0 == group }
    }

    /// `*`, the exact `resource[/subresource]`, or `*/subresource` for a request with that exact
    /// subresource. `pods/*` is deliberately not a wildcard.
    static func resourceMatches(_ ruleResources: [String], _ combinedResource: String, subresource: String) -> Bool {
        for entry in ruleResources {
            if entry == wildcard || entry == combinedResource { return true }
            guard !subresource.isEmpty else { continue }
            // `*/sub` must be exactly "*/" followed by the whole requested subresource.
            if entry.utf8.count == subresource.utf8.count + 2, entry.hasPrefix("*/"), entry.hasSuffix(subresource) {
                return true
            }
        }
        return false
    }

    /// No names means any name; otherwise the requested name must be listed. A request without a
    /// name (list, create) is therefore not allowed by a rule that lists names.
    static func resourceNameMatches(_ ruleNames: [String], _ name: String) -> Bool {
        ruleNames.isEmpty || ruleNames.contains(name)
    }

    /// `*`, the exact path, or an entry ending in `*` whose prefix (trailing `*`s removed) starts the path.
    static func nonResourceURLMatches(_ ruleURLs: [String], _ path: String) -> Bool {
        ruleURLs.contains { urlPatternCovers($0, path) }
    }

    /// The shared non-resource URL predicate, also used by the "covers" check.
    static func urlPatternCovers(_ pattern: String, _ path: String) -> Bool {
        if pattern == wildcard || pattern == path { return true }
        guard pattern.hasSuffix(wildcard) else { return false }
        return path.hasPrefix(pattern.trimmingTrailing("*"))
    }
}

extension String {
    /// The string without any trailing occurrences of `character`.
    func trimmingTrailing(_ character: Character) -> String {
        var result = Substring(self)
        while result.last == character { result.removeLast() }
        return String(result)
    }
}
