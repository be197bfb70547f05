/// The variables an expression may name and their types: for webhook match conditions, `object` and
/// `oldObject` (any JSON, null when absent) and `request` (kube-apiserver's declared
/// `kubernetes.AdmissionRequest`, without `uid`, `object` and `oldObject`).
struct CELDeclarations: Sendable {
    var variables: [String: CELType]
    /// Names kube-apiserver declares that the emulator does not provide; using one is a compile error
    /// that says so, rather than "undeclared".
    var unsupported: [String: String]

    /// What `matchConditions` expressions see.
    static let matchConditions = CELDeclarations(
        variables: ["object": .dyn, "oldObject": .dyn, "request": admissionRequest],
        unsupported: [
            "authorizer": "the 'authorizer' variable (authorization checks in match conditions)",
            "namespaceObject": "the 'namespaceObject' variable",
        ])

    static let groupVersionKind = CELType.object(
        name: "kubernetes.GroupVersionKind", fields: ["group": .string, "version": .string, "kind": .string])
    static let groupVersionResource = CELType.object(
        name: "kubernetes.GroupVersionResource", fields: ["group": .string, "version": .string, "resource": .string])
    static let userInfo = CELType.object(
        name: "kubernetes.UserInfo",
        fields: [
            "username": .string, "uid": .string, "groups": .list(.string), "extra": .map(.string, .list(.string)),
        ])
    static let admissionRequest = CELType.object(
        name: "kubernetes.AdmissionRequest",
        fields: [
            "kind": groupVersionKind, "resource": groupVersionResource, "subResource": .string,
            "requestKind": groupVersionKind, "requestResource": groupVersionResource, "requestSubResource": .string,
            "name": .string, "namespace": .string, "operation": .string, "userInfo": userInfo, "dryRun": .bool,
            "options": .dyn,
        ])
}
