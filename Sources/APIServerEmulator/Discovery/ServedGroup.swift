/// One API group as discovery presents it: its versions in preference order, each with its resources.
///
/// Exists so the aggregated document, the legacy documents and OpenAPI all agree on which group
/// versions are served and which version is preferred.
public struct ServedGroup: Hashable, Sendable {
    /// The group name; `""` for the core group.
    public var name: String
    /// Versions, preferred first (Kubernetes version priority: GA, then beta, then alpha).
    public var versions: [ServedVersion]

    /// The version clients should use by default.
    public var preferredVersion: String? { versions.first?.version }

    /// Groups resources by group and version. Groups keep the order of their first appearance in
    /// `types`; versions are sorted by Kubernetes version priority; resources by plural. A repeated
    /// group/version/plural keeps its first definition.
    public static func grouping(_ types: [ResourceType]) -> [ServedGroup] {
        var groupOrder: [String] = []
        var byGroup: [String: [String: [ResourceType]]] = [:]
        for type in types {
            if byGroup[type.group] == nil {
                groupOrder.append(type.group)
                byGroup[type.group] = [:]
            }
            let existing = byGroup[type.group]?[type.version] ?? []
            guard !existing.contains(where: { $0.plural == type.plural }) else { continue }
            byGroup[type.group]?[type.version] = existing + [type]
        }
        return groupOrder.map { group in
            let versions = byGroup[group] ?? [:]
            let ordered = versions.keys.sorted(by: KubeVersionOrder.precedes)
            return ServedGroup(
                name: group,
                versions: ordered.map { version in
                    ServedVersion(
                        version: version,
                        resources: (versions[version] ?? []).sorted { $0.plural < $1.plural })
                })
        }
    }
}

/// One served group version and its resources.
public struct ServedVersion: Hashable, Sendable {
    public var version: String
    public var resources: [ResourceType]
}

/// Kubernetes' version priority (`v2` > `v1` > `v1beta2` > `v1beta1` > `v1alpha1` > `foo`), which
/// decides the preferred version of a group with several.
public enum KubeVersionOrder {
    /// True when `lhs` is preferred over `rhs`.
    public static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        switch (parse(lhs), parse(rhs)) {
        case (let left?, let right?):
            if left.stability != right.stability { return left.stability > right.stability }
            if left.major != right.major { return left.major > right.major }
            return left.minor > right.minor
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return lhs < rhs
        }
    }

    /// `(stability, major, minor)`: stability 2 = GA, 1 = beta, 0 = alpha; nil when not Kube-like.
    static func parse(_ version: String) -> (stability: Int, major: Int, minor: Int)? {
        guard version.hasPrefix("v") else { return nil }
        let body = version.dropFirst()
        let digits = body.prefix { $0.isASCII && $0.isNumber }
        guard let major = Int(digits), major > 0, !digits.hasPrefix("0") else { return nil }
        let rest = body.dropFirst(digits.count)
        if rest.isEmpty { return (2, major, 0) }
        for (label, stability) in [("beta", 1), ("alpha", 0)] where rest.hasPrefix(label) {
            let tail = rest.dropFirst(label.count)
            guard let minor = Int(tail), minor > 0, tail.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return (stability, major, minor)
        }
        return nil
    }
}
