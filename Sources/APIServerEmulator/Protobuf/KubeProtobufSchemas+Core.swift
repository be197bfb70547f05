/// core/v1 kinds kubectl and typed clients create.
extension KubeProtobufSchemas {
    /// core/v1 Namespace.
    static let namespace = ProtobufMessageSchema(
        "Namespace",
        [
            1: .message("metadata", objectMeta),
            2: .message("spec", ProtobufMessageSchema("NamespaceSpec", [1: .strings("finalizers")])),
            3: .message(
                "status",
                ProtobufMessageSchema(
                    "NamespaceStatus",
                    [
                        1: .string("phase"),
                        2: .messages(
                            "conditions",
                            ProtobufMessageSchema(
                                "NamespaceCondition",
                                [
                                    1: .string("type"),
                                    2: .string("status"),
                                    4: .time("lastTransitionTime"),
                                    5: .string("reason"),
                                    6: .string("message"),
                                ])),
                    ])),
        ])

    /// core/v1 ConfigMap; `immutable` is `*bool`.
    static let configMap = ProtobufMessageSchema(
        "ConfigMap",
        [
            1: .message("metadata", objectMeta),
            2: .map("data", values: .string),
            3: .map("binaryData", values: .bytes),
            4: .bool("immutable", keepsZero: true),
        ])

    /// core/v1 Secret; `data` values are bytes (base64 in JSON), `immutable` is `*bool`.
    static let secret = ProtobufMessageSchema(
        "Secret",
        [
            1: .message("metadata", objectMeta),
            2: .map("data", values: .bytes),
            3: .string("type"),
            4: .map("stringData", values: .string),
            5: .bool("immutable", keepsZero: true),
        ])

    /// core/v1 ObjectReference (ServiceAccount `secrets`).
    static let objectReference = ProtobufMessageSchema(
        "ObjectReference",
        [
            1: .string("kind"),
            2: .string("namespace"),
            3: .string("name"),
            4: .string("uid"),
            5: .string("apiVersion"),
            6: .string("resourceVersion"),
            7: .string("fieldPath"),
        ])

    /// core/v1 ServiceAccount; `automountServiceAccountToken` is `*bool`, so `false` is kept.
    static let serviceAccount = ProtobufMessageSchema(
        "ServiceAccount",
        [
            1: .message("metadata", objectMeta),
            2: .messages("secrets", objectReference),
            3: .messages("imagePullSecrets", ProtobufMessageSchema("LocalObjectReference", [1: .string("name")])),
            4: .bool("automountServiceAccountToken", keepsZero: true),
        ])
}
