/// What a resource URL points at: `/api/v1/namespaces/demo/configmaps/x/status` → configmaps, namespace
/// `demo`, name `x`, subresource `status`.
public struct RequestTarget: Hashable, Sendable {
    public var group: String
    public var version: String
    public var plural: String
    /// Empty for cluster-scoped requests and all-namespace lists.
    public var namespace: String
    public var name: String?
    public var subresource: String?

    /// Parses a resource path; nil for anything else (discovery, OpenAPI, health, unknown paths).
    public static func parse(_ path: String) -> RequestTarget? {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let group: String
        let version: String
        if parts.first == "api", parts.count >= 3 {
            group = ""
            version = parts[1]
            parts.removeFirst(2)
        } else if parts.first == "apis", parts.count >= 4 {
            group = parts[1]
            version = parts[2]
            parts.removeFirst(3)
        } else {
            return nil
        }
        var namespace = ""
        if parts.first == "namespaces" {
            switch parts.count {
            case 1:
                return RequestTarget(group: group, version: version, plural: "namespaces", namespace: "")
            case 2:
                return RequestTarget(
                    group: group, version: version, plural: "namespaces", namespace: "", name: parts[1])
            case 3 where group.isEmpty && (parts[2] == "status" || parts[2] == "finalize"):
                return RequestTarget(
                    group: group, version: version, plural: "namespaces", namespace: "", name: parts[1],
                    subresource: parts[2])
            default:
                namespace = parts[1]
                parts.removeFirst(2)
            }
        }
        guard (1...3).contains(parts.count) else { return nil }
        return RequestTarget(
            group: group, version: version, plural: parts[0], namespace: namespace,
            name: parts.count > 1 ? parts[1] : nil, subresource: parts.count > 2 ? parts[2] : nil)
    }
}
