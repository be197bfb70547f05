/// An `rbac/v1` ClusterRoleBinding: grants a ClusterRole in every namespace (and what a cluster-wide
/// Drawbridge grant is). Unknown members are preserved because the controller writes bindings back
/// when it reverts tampering.
public struct ClusterRoleBinding: BindingResource {
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
}
