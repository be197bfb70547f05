/// A top-level Kubernetes object type: knows its wire identity, so clients and the emulator can build
/// paths and `apiVersion`/`kind` without string literals scattered around.
public protocol KubeResource: Codable, Hashable, Sendable {
    /// `group/version`, or `v1` for the core group.
    static var apiVersion: String { get }
    static var kind: String { get }
    /// Lower-case plural used in URLs, e.g. `accessrequests`.
    static var plural: String { get }
    static var isNamespaced: Bool { get }
    var metadata: ObjectMeta { get set }
}

extension KubeResource {
    /// The API group (`""` for core).
    public static var group: String {
        guard let slash = apiVersion.firstIndex(of: "/") else { return "" }
        return String(apiVersion[..<slash])
    }

    /// The version part of `apiVersion`.
    public static var version: String {
        guard let slash = apiVersion.firstIndex(of: "/") else { return apiVersion }
        return String(apiVersion[apiVersion.index(after: slash)...])
    }

    /// `plural.group` as Kubernetes error messages name a resource (`rolebindings.rbac.authorization.k8s.io`).
    public static var qualifiedResource: String { group.isEmpty ? plural : "\(plural).\(group)" }

    /// `namespace/name` (or `name` for cluster-scoped objects): the key a work queue carries.
    public var key: String {
        let name = metadata.name ?? ""
        guard let namespace = metadata.namespace, !namespace.isEmpty else { return name }
        return "\(namespace)/\(name)"
    }
}

/// Checks the `apiVersion` and `kind` members of a decoded object, so a RoleBinding manifest is never
/// mistaken for a ClusterRoleBinding. Absent members are accepted: list items from a real API server
/// omit them.
struct TypeMetaCheck {
    static func verify<R: KubeResource>(_ type: R.Type, apiVersion: String?, kind: String?) throws {
        if let kind, kind != R.kind {
            throw DecodingError.dataCorrupted(
                .init(codingPath: [], debugDescription: "expected kind \(R.kind), found \(kind)"))
        }
        if let apiVersion, apiVersion != R.apiVersion {
            throw DecodingError.dataCorrupted(
                .init(codingPath: [], debugDescription: "expected apiVersion \(R.apiVersion), found \(apiVersion)"))
        }
    }
}
