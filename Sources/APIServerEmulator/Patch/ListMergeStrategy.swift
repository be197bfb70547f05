/// How a strategic merge patch combines a list in the patch with the list in the live object.
///
/// Exists because Kubernetes declares this per field in its Go types (`patchStrategy`/`patchMergeKey`
/// struct tags), which the emulator cannot read; `StrategicMergeStrategies` restates the ones it needs.
public enum ListMergeStrategy: Hashable, Sendable {
    /// The patch's list replaces the live list (the default for every list without a patch strategy).
    case replace
    /// A set of scalars: patch items are added if missing; `$deleteFromPrimitiveList/<field>` removes.
    case mergePrimitives
    /// A list of objects identified by the named key: items merge by key, new keys are appended,
    /// `{"<key>": …, "$patch": "delete"}` removes one.
    case mergeByKey(String)
}

/// The patch strategies of the built-in kinds the emulator serves.
///
/// Paths are dotted member names from the object root; list elements add no step, so the `rules` list
/// inside each item of `webhooks` is `webhooks.rules`. Adding a kind or a field is one line.
public enum StrategicMergeStrategies {
    /// Kinds that accept `application/strategic-merge-patch+json`; custom resources never do (the server
    /// answers 415 for them).
    public static let supportedKinds: Set<String> = [
        "Namespace", "ConfigMap", "Secret", "ServiceAccount", "Event", "Lease", "Role", "ClusterRole",
        "RoleBinding", "ClusterRoleBinding", "CustomResourceDefinition", "MutatingWebhookConfiguration",
        "ValidatingWebhookConfiguration", "Deployment", "Service", "PodDisruptionBudget", "NetworkPolicy",
    ]

    /// `ObjectMeta` strategies, shared by every kind. `managedFields` has none, so it replaces.
    static let objectMeta: [String: ListMergeStrategy] = [
        "metadata.finalizers": .mergePrimitives,
        "metadata.ownerReferences": .mergeByKey("uid"),
    ]

    /// Per-kind strategies beyond `ObjectMeta`; RBAC `subjects` and `rules` have none, so they replace.
    static let byKind: [String: [String: ListMergeStrategy]] = [
        "ServiceAccount": ["secrets": .mergeByKey("name")],
        "MutatingWebhookConfiguration": ["webhooks": .mergeByKey("name")],
        "ValidatingWebhookConfiguration": ["webhooks": .mergeByKey("name")],
        "Deployment": podTemplate(under: "spec.template.spec"),
        "Service": ["spec.ports": .mergeByKey("port")],
    ]

    /// The `PodSpec` list strategies below `prefix`, so re-applying a changed Deployment merges
    /// containers, ports, mounts and volumes by key as the API server does.
    static func podTemplate(under prefix: String) -> [String: ListMergeStrategy] {
        let byKey: [(String, String)] = [
            ("containers", "name"), ("initContainers", "name"), ("containers.ports", "containerPort"),
            ("initContainers.ports", "containerPort"), ("containers.env", "name"), ("initContainers.env", "name"),
            ("containers.volumeMounts", "mountPath"), ("initContainers.volumeMounts", "mountPath"),
            ("volumes", "name"), ("imagePullSecrets", "name"), ("topologySpreadConstraints", "topologyKey"),
        ]
        return Dictionary(uniqueKeysWithValues: byKey.map { ("\(prefix).\($0.0)", .mergeByKey($0.1)) })
    }

    /// The strategy for the list at `path` (dotted, e.g. `metadata.finalizers`) in an object of `kind`.
    public static func strategy(forList path: String, kind: String) -> ListMergeStrategy {
        objectMeta[path] ?? byKind[kind]?[path] ?? .replace
    }
}
