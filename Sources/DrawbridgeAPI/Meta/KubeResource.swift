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
}

/// The coding keys every top-level object shares, so header coding is written once.
protocol ObjectCodingKeys: CodingKey {
    static var apiVersion: Self { get }
    static var kind: Self { get }
    static var metadata: Self { get }
}

extension KeyedDecodingContainer where Key: ObjectCodingKeys {
    /// Checks `apiVersion` and `kind` against `R` and decodes `metadata`. Absent type members are
    /// accepted (list items from a real API server omit them); a mismatch is an error, so a
    /// ClusterRoleBinding manifest is never read as a RoleBinding.
    func decodeHeader<R: KubeResource>(of type: R.Type) throws -> ObjectMeta {
        if let kind = try decodeIfPresent(String.self, forKey: .kind), kind != R.kind {
            throw DecodingError.dataCorrupted(
                .init(codingPath: codingPath, debugDescription: "expected kind \(R.kind), found \(kind)"))
        }
        if let apiVersion = try decodeIfPresent(String.self, forKey: .apiVersion), apiVersion != R.apiVersion {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: codingPath, debugDescription: "expected apiVersion \(R.apiVersion), found \(apiVersion)"
                ))
        }
        return try decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
    }
}

extension KeyedEncodingContainer where Key: ObjectCodingKeys {
    /// Writes `apiVersion`, `kind` and `metadata` of `object`.
    mutating func encodeHeader<R: KubeResource>(of object: R) throws {
        try encode(R.apiVersion, forKey: .apiVersion)
        try encode(R.kind, forKey: .kind)
        try encode(object.metadata, forKey: .metadata)
    }
}
