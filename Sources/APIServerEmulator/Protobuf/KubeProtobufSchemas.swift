/// The protobuf layouts of the built-in kinds kubectl 1.32 and typed clients send as protobuf.
///
/// Keyed by (apiVersion, kind) exactly as the runtime.Unknown envelope names them. A kind missing
/// here cannot be decoded and the request is refused with 415 rather than guessed at.
enum KubeProtobufSchemas {
    /// The top-level schema for an (apiVersion, kind), or nil when the emulator cannot decode it.
    static func schema(apiVersion: String, kind: String) -> ProtobufMessageSchema? {
        byType[TypeKey(apiVersion: apiVersion, kind: kind)]
    }

    /// Every decodable (apiVersion, kind), for discovery-style listings and tests.
    static var supportedTypes: [(apiVersion: String, kind: String)] {
        byType.keys.map { ($0.apiVersion, $0.kind) }.sorted { ($0.apiVersion, $0.kind) < ($1.apiVersion, $1.kind) }
    }

    private struct TypeKey: Hashable, Sendable {
        var apiVersion: String
        var kind: String
    }

    private static let byType: [TypeKey: ProtobufMessageSchema] = [
        TypeKey(apiVersion: "v1", kind: "Namespace"): namespace,
        TypeKey(apiVersion: "v1", kind: "ConfigMap"): configMap,
        TypeKey(apiVersion: "v1", kind: "Secret"): secret,
        TypeKey(apiVersion: "v1", kind: "ServiceAccount"): serviceAccount,
        TypeKey(apiVersion: rbac, kind: "Role"): role,
        TypeKey(apiVersion: rbac, kind: "ClusterRole"): clusterRole,
        TypeKey(apiVersion: rbac, kind: "RoleBinding"): binding("RoleBinding"),
        TypeKey(apiVersion: rbac, kind: "ClusterRoleBinding"): binding("ClusterRoleBinding"),
        TypeKey(apiVersion: authorization, kind: "SelfSubjectAccessReview"): selfSubjectAccessReview,
        TypeKey(apiVersion: authorization, kind: "SubjectAccessReview"): subjectAccessReview("SubjectAccessReview"),
        TypeKey(apiVersion: authorization, kind: "LocalSubjectAccessReview"):
            subjectAccessReview("LocalSubjectAccessReview"),
        TypeKey(apiVersion: authorization, kind: "SelfSubjectRulesReview"): selfSubjectRulesReview,
        TypeKey(apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview"): selfSubjectReview,
        TypeKey(apiVersion: "coordination.k8s.io/v1", kind: "Lease"): lease,
    ]

    private static let rbac = "rbac.authorization.k8s.io/v1"
    private static let authorization = "authorization.k8s.io/v1"
}
