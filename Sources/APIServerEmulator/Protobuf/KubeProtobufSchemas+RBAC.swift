/// rbac.authorization.k8s.io/v1 kinds (`kubectl create rolebinding`, `create role`, typed clients).
extension KubeProtobufSchemas {
    /// rbac/v1 PolicyRule.
    static let policyRule = ProtobufMessageSchema(
        "PolicyRule",
        [
            1: .strings("verbs"),
            2: .strings("apiGroups"),
            3: .strings("resources"),
            4: .strings("resourceNames"),
            5: .strings("nonResourceURLs"),
        ])

    /// rbac/v1 Subject.
    static let subject = ProtobufMessageSchema(
        "Subject",
        [
            1: .string("kind"),
            2: .string("apiGroup"),
            3: .string("name"),
            4: .string("namespace"),
        ])

    /// rbac/v1 RoleRef.
    static let roleRef = ProtobufMessageSchema(
        "RoleRef",
        [
            1: .string("apiGroup"),
            2: .string("kind"),
            3: .string("name"),
        ])

    /// rbac/v1 Role.
    static let role = ProtobufMessageSchema(
        "Role",
        [
            1: .message("metadata", objectMeta),
            2: .messages("rules", policyRule),
        ])

    /// rbac/v1 ClusterRole, with its aggregation selectors.
    static let clusterRole = ProtobufMessageSchema(
        "ClusterRole",
        [
            1: .message("metadata", objectMeta),
            2: .messages("rules", policyRule),
            3: .message(
                "aggregationRule",
                ProtobufMessageSchema(
                    "AggregationRule",
                    [
                        1: .messages("clusterRoleSelectors", labelSelector)
                    ])),
        ])

    /// rbac/v1 RoleBinding and ClusterRoleBinding share one layout.
    static func binding(_ name: String) -> ProtobufMessageSchema {
        ProtobufMessageSchema(
            name,
            [
                1: .message("metadata", objectMeta),
                2: .messages("subjects", subject),
                3: .message("roleRef", roleRef),
            ])
    }
}
