/// A RoleBinding or a ClusterRoleBinding: subjects bound to a role. Their wire coding is written here
/// once; members the type does not model are kept in `unknownFields`, because the controller writes
/// bindings back when it reverts tampering.
public protocol BindingResource: KubeResource {
    var subjects: [Subject] { get }
    var roleRef: RoleRef { get }
    /// Top-level members not modelled, written back unchanged.
    var unknownFields: UnknownFields { get set }
    init(metadata: ObjectMeta, subjects: [Subject], roleRef: RoleRef)
}

/// The top-level members of a `BindingResource`.
enum BindingCodingKeys: String, ObjectCodingKeys, CaseIterable {
    case apiVersion, kind, metadata, subjects, roleRef
}

extension BindingResource {
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: BindingCodingKeys.self)
        self.init(
            metadata: try c.decodeHeader(of: Self.self),
            subjects: try c.decodeIfPresent([Subject].self, forKey: .subjects) ?? [],
            roleRef: try c.decode(RoleRef.self, forKey: .roleRef))
        unknownFields = try UnknownFields(from: decoder, known: BindingCodingKeys.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: BindingCodingKeys.self)
        try c.encodeHeader(of: self)
        try c.encode(subjects, forKey: .subjects)
        try c.encode(roleRef, forKey: .roleRef)
        try unknownFields.encode(to: encoder)
    }
}
