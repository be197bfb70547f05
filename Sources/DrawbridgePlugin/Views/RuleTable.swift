import DrawbridgeAPI

/// What a role allows, one row per resource (or non-resource URL) with its verbs merged, as
/// `kubectl describe clusterrole` lays it out: approvers see at a glance what they hand out.
public enum RuleTable {
    /// One line of the table.
    public struct Row: Sendable, Hashable, Encodable {
        /// `deployments.apps`, `deployments.apps/scale`, `pods/log`, or empty for a non-resource URL.
        public var resource: String
        /// A non-resource URL such as `/healthz`, or empty.
        public var nonResourceURL: String
        /// Names the rule is limited to, or empty for all.
        public var resourceNames: [String]
        /// The verbs, in the order the rules list them.
        public var verbs: [String]
    }

    /// The rows of `rules`, sorted by resource then URL; rules naming the same resource and names
    /// have their verbs merged.
    public static func rows(_ rules: [PolicyRule]) -> [Row] {
        var rows: [Row] = []
        func add(resource: String, url: String, names: [String], verbs: [String]) {
            if let index = rows.firstIndex(where: {
                $0.resource == resource && $0.nonResourceURL == url && $0.resourceNames == names
            }) {
                for verb in verbs where !rows[index].verbs.contains(verb) { rows[index].verbs.append(verb) }
            } else {
                rows.append(Row(resource: resource, nonResourceURL: url, resourceNames: names, verbs: verbs))
            }
        }
        for rule in rules {
            let names = rule.resourceNames ?? []
            for url in rule.nonResourceURLs ?? [] { add(resource: "", url: url, names: [], verbs: rule.verbs) }
            for group in rule.apiGroups ?? [""] {
                for resource in rule.resources ?? [] {
                    add(resource: qualify(resource, group: group), url: "", names: names, verbs: rule.verbs)
                }
            }
        }
        return rows.sorted { ($0.resource, $0.nonResourceURL) < ($1.resource, $1.nonResourceURL) }
    }

    /// `deployments.apps`, `deployments.apps/scale`, `pods/log`: the group after the resource and
    /// before a subresource, as kubectl describe writes it.
    static func qualify(_ resource: String, group: String) -> String {
        guard !group.isEmpty else { return resource }
        let parts = resource.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return "\(resource).\(group)" }
        return "\(parts[0]).\(group)/\(parts[1])"
    }

    /// `RESOURCES  NON-RESOURCE URLS  RESOURCE NAMES  VERBS`, lists in brackets as kubectl shows them.
    public static func table(_ rules: [PolicyRule]) -> TextTable {
        table(rows: rows(rules))
    }

    /// The table of rows already computed.
    public static func table(rows: [Row]) -> TextTable {
        TextTable(
            headers: ["RESOURCES", "NON-RESOURCE URLS", "RESOURCE NAMES", "VERBS"],
            rows: rows.map { row in
                [
                    TextTable.Cell(row.resource),
                    TextTable.Cell(row.nonResourceURL.isEmpty ? "[]" : "[\(row.nonResourceURL)]"),
                    TextTable.Cell("[\(row.resourceNames.joined(separator: " "))]"),
                    TextTable.Cell("[\(row.verbs.joined(separator: " "))]"),
                ]
            })
    }
}
