import APIServerEmulator
import DrawbridgeAPI
import Foundation

/// Hand-made resource types and helpers shared by the emulator's printing and discovery tests.
enum EmulatorFixtures {
    /// Parses JSON text into a JSONValue, so expected wire shapes read like the spec's examples.
    static func json(_ text: String) throws -> JSONValue {
        try JSONCoding.decoder.decode(JSONValue.self, from: Data(text.utf8))
    }

    /// Parses an RFC 3339 timestamp; fixed instants keep ages deterministic.
    static func date(_ text: String) -> Date {
        RFC3339.parse(text) ?? Date(timeIntervalSince1970: 0)
    }

    static let now = date("2026-11-22T18:50:17Z")

    /// The AccessRequest CRD version as `crds/drawbridge.dev_accessrequests.yaml` declares its columns.
    static let accessRequest = ResourceType(
        group: "drawbridge.dev", version: "v1alpha1", kind: "AccessRequest", plural: "accessrequests",
        namespaced: true, shortNames: ["ar"], categories: ["drawbridge"], subresources: ["status"],
        tracksGeneration: true, isCustom: true,
        printerColumns: [
            CustomResourceColumnDefinition(
                name: "Requester", type: "string", jsonPath: ".spec.requester.username",
                description: "Who asked, as authenticated by the API server."),
            CustomResourceColumnDefinition(
                name: "Role", type: "string", jsonPath: ".spec.role.name",
                description: "The Role or ClusterRole requested."),
            CustomResourceColumnDefinition(
                name: "Duration", type: "string", jsonPath: ".spec.duration",
                description: "How long access lasts once granted."),
            CustomResourceColumnDefinition(
                name: "Phase", type: "string", jsonPath: ".status.phase",
                description: "Where the request is in its lifecycle."),
            CustomResourceColumnDefinition(
                name: "Expires", type: "string", jsonPath: ".status.expiresAt",
                description: "When the grant is revoked (RFC 3339, UTC)."),
            CustomResourceColumnDefinition(name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp"),
        ],
        schema: JSONSchemaProps(type: "object", description: "AccessRequest asks for time-bound access."))

    static let namespaces = ResourceType(
        group: "", version: "v1", kind: "Namespace", plural: "namespaces", namespaced: false, shortNames: ["ns"],
        verbs: ["create", "delete", "get", "list", "patch", "update", "watch"], subresources: ["status", "finalize"])
    static let configMaps = ResourceType(
        group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", namespaced: true, shortNames: ["cm"])
    static let secrets = ResourceType(group: "", version: "v1", kind: "Secret", plural: "secrets", namespaced: true)
    static let serviceAccounts = ResourceType(
        group: "", version: "v1", kind: "ServiceAccount", plural: "serviceaccounts", namespaced: true,
        shortNames: ["sa"])
    static let coreEvents = ResourceType(
        group: "", version: "v1", kind: "Event", plural: "events", namespaced: true, shortNames: ["ev"])
    static let newEvents = ResourceType(
        group: "events.k8s.io", version: "v1", kind: "Event", plural: "events", namespaced: true, shortNames: ["ev"])
    static let roles = ResourceType(
        group: "rbac.authorization.k8s.io", version: "v1", kind: "Role", plural: "roles", namespaced: true)
    static let clusterRoles = ResourceType(
        group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole", plural: "clusterroles",
        namespaced: false)
    static let roleBindings = ResourceType(
        group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBinding", plural: "rolebindings", namespaced: true
    )
    static let clusterRoleBindings = ResourceType(
        group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBinding", plural: "clusterrolebindings",
        namespaced: false)
    static let crds = ResourceType(
        group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition",
        plural: "customresourcedefinitions", namespaced: false, shortNames: ["crd", "crds"],
        categories: ["api-extensions"], subresources: ["status"])
    static let leases = ResourceType(
        group: "coordination.k8s.io", version: "v1", kind: "Lease", plural: "leases", namespaced: true)
    static let webhooks = ResourceType(
        group: "admissionregistration.k8s.io", version: "v1", kind: "ValidatingWebhookConfiguration",
        plural: "validatingwebhookconfigurations", namespaced: false)
    static let selfSubjectAccessReviews = ResourceType(
        group: "authorization.k8s.io", version: "v1", kind: "SelfSubjectAccessReview",
        plural: "selfsubjectaccessreviews", namespaced: false, verbs: ["create"])

    /// An object with just a name and a creation time, for printers that read little else.
    static func object(name: String, created: String = "2026-11-22T18:45:17Z", extra: [String: JSONValue] = [:])
        -> JSONValue
    {
        var fields = extra
        fields["metadata"] = .object(["name": .string(name), "creationTimestamp": .string(created)])
        return .object(fields)
    }
}
