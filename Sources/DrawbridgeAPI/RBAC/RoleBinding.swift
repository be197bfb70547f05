/// An `rbac/v1` RoleBinding: what a Drawbridge grant is. Unknown members are preserved because the
/// controller writes bindings back when it reverts tampering.
public struct RoleBinding: BindingResource {
    public static let apiVersion = "rbac.authorization.k8s.io/v1"
    public static let kind = "RoleBinding"
    public static let plural = "rolebindings"
    public static let isNamespaced = true

    public var metadata: ObjectMeta
    public var subjects: [Subject]
    public var roleRef: RoleRef
    public var unknownFields = UnknownFields()

    public init(metadata: ObjectMeta, subjects: [Subject], roleRef: RoleRef) {
        self.metadata = metadata
        self.subjects = subjects
        self.roleRef = roleRef
    }
}
