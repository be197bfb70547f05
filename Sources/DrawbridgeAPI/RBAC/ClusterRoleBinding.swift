/// An `rbac/v1` ClusterRoleBinding: grants a ClusterRole in every namespace (and what a cluster-wide
/// Drawbridge grant is). Unknown members are preserved because the controller writes bindings back
/// when it reverts tampering.
public struct ClusterRoleBinding: KubeResource {
    public static let apiVersion = "rbac.authorization.k8s.io/v1"
    public static let kind = "ClusterRoleBinding"
    public static let plural = "clusterrolebindings"
    public static let isNamespaced = false

    public var metadata: ObjectMeta
    public var subjects: [Subject]
    public var roleRef: RoleRef
    public var unknownFields = UnknownFields()

    public init(metadata: ObjectMeta, subjects: [Subject], roleRef: RoleRef) {
        self.metadata = metadata
        self.subjects = subjects
        self.roleRef = roleRef
    }

    enum CodingKeys: String, ObjectCodingKeys, CaseIterable { case apiVersion, kind, metadata, subjects, roleRef }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeHeader(of: Self.self)
        subjects = try c.decodeIfPresent([Subject].self, forKey: .subjects) ?? []
        roleRef = try c.decode(RoleRef.self, forKey: .roleRef)
        unknownFields = try UnknownFields(from: decoder, known: CodingKeys.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeHeader(of: self)
        try c.encode(subjects, forKey: .subjects)
        try c.encode(roleRef, forKey: .roleRef)
        try unknownFields.encode(to: encoder)
    }
}
