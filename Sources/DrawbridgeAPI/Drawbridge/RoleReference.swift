/// The role an AccessRequest asks for or an AccessPolicy allows.
///
/// `kind` stays a string so that a manifest with an unsupported kind still decodes and is rejected
/// with a clear reason ("spec.role.kind ...") instead of an opaque decoding error.
public struct RoleReference: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The kinds a grant may bind.
    public static let supportedKinds = ["Role", "ClusterRole"]

    /// `Role` or `ClusterRole`.
    public var kind: String
    public var name: String

    public init(kind: String, name: String) {
        self.kind = kind
        self.name = name
    }

    /// `ClusterRole/edit`, as `kubectl get rolebinding` prints a role.
    public var description: String { "\(kind)/\(name)" }
}
