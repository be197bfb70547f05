import DrawbridgeAPI

/// The built-in resources the emulator serves (docs/emulator.md lists them), described once.
public enum BuiltinResources {
    static let createOnly = ["create"]

    /// Every built-in resource type, in discovery order.
    public static let all: [ResourceType] = [
        ResourceType(
            group: "", version: "v1", kind: "Namespace", plural: "namespaces", namespaced: false, shortNames: ["ns"],
            subresources: ["status", "finalize"]),
        ResourceType(
            group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", namespaced: true, shortNames: ["cm"]),
        ResourceType(group: "", version: "v1", kind: "Secret", plural: "secrets", namespaced: true),
        ResourceType(
            group: "", version: "v1", kind: "ServiceAccount", plural: "serviceaccounts", namespaced: true,
            shortNames: ["sa"]),
        ResourceType(group: "", version: "v1", kind: "Event", plural: "events", namespaced: true, shortNames: ["ev"]),
        // Services and PodDisruptionBudgets are served so `kubectl apply -k config/default` (the webhook
        // and metrics Services, the controller's PDB) works against the emulator; stored, never
        // routed or enforced.
        ResourceType(
            group: "", version: "v1", kind: "Service", plural: "services", namespaced: true, shortNames: ["svc"],
            categories: ["all"], subresources: ["status"]),
        // Served so `kubectl auth can-i update deployments` resolves as on a cluster (Drawbridge's demo
        // grants ClusterRole edit, whose rules name apps/deployments); stored, never rolled out.
        ResourceType(
            group: "apps", version: "v1", kind: "Deployment", plural: "deployments", namespaced: true,
            shortNames: ["deploy"], categories: ["all"], subresources: ["status"], tracksGeneration: true),
        ResourceType(
            group: "policy", version: "v1", kind: "PodDisruptionBudget", plural: "poddisruptionbudgets",
            namespaced: true, shortNames: ["pdb"], subresources: ["status"], tracksGeneration: true),
        // Served so `kubectl apply -k config/default` (the controller's NetworkPolicy) works against the
        // emulator; stored, never enforced (the emulator has no pod network).
        ResourceType(
            group: "networking.k8s.io", version: "v1", kind: "NetworkPolicy", plural: "networkpolicies",
            namespaced: true, shortNames: ["netpol"], tracksGeneration: true),
        ResourceType(
            group: "events.k8s.io", version: "v1", kind: "Event", plural: "events", namespaced: true, shortNames: ["ev"]
        ),
        ResourceType(group: "coordination.k8s.io", version: "v1", kind: "Lease", plural: "leases", namespaced: true),
        ResourceType(
            group: "rbac.authorization.k8s.io", version: "v1", kind: "Role", plural: "roles", namespaced: true),
        ResourceType(
            group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBinding", plural: "rolebindings",
            namespaced: true),
        ResourceType(
            group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole", plural: "clusterroles",
            namespaced: false),
        ResourceType(
            group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBinding",
            plural: "clusterrolebindings", namespaced: false),
        ResourceType(
            group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition",
            plural: "customresourcedefinitions", namespaced: false, shortNames: ["crd", "crds"],
            categories: ["api-extensions"], subresources: ["status"], tracksGeneration: true),
        ResourceType(
            group: "admissionregistration.k8s.io", version: "v1", kind: "MutatingWebhookConfiguration",
            plural: "mutatingwebhookconfigurations", namespaced: false, categories: ["api-extensions"],
            tracksGeneration: true),
        ResourceType(
            group: "admissionregistration.k8s.io", version: "v1", kind: "ValidatingWebhookConfiguration",
            plural: "validatingwebhookconfigurations", namespaced: false, categories: ["api-extensions"],
            tracksGeneration: true),
        ResourceType(
            group: "authorization.k8s.io", version: "v1", kind: "SelfSubjectAccessReview",
            plural: "selfsubjectaccessreviews", namespaced: false, verbs: createOnly),
        ResourceType(
            group: "authorization.k8s.io", version: "v1", kind: "SelfSubjectRulesReview",
            plural: "selfsubjectrulesreviews", namespaced: false, verbs: createOnly),
        ResourceType(
            group: "authorization.k8s.io", version: "v1", kind: "SubjectAccessReview", plural: "subjectaccessreviews",
            namespaced: false, verbs: createOnly),
        ResourceType(
            group: "authorization.k8s.io", version: "v1", kind: "LocalSubjectAccessReview",
            plural: "localsubjectaccessreviews", namespaced: true, verbs: createOnly),
        ResourceType(
            group: "authentication.k8s.io", version: "v1", kind: "SelfSubjectReview", plural: "selfsubjectreviews",
            namespaced: false, verbs: createOnly),
    ]

    /// Storage shared between API views: events.k8s.io Events live with core Events.
    public static func storageKey(for type: ResourceType) -> StorageKey {
        if type.group == "events.k8s.io" && type.plural == "events" { return StorageKey(group: "", plural: "events") }
        return StorageKey(group: type.group, plural: type.plural)
    }
}
