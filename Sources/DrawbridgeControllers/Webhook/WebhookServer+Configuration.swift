import DrawbridgeAPI
import Foundation

extension WebhookServer {
    /// The name of both webhook configurations Drawbridge registers.
    public static let configurationName = "drawbridge"
    /// The mutating webhook's name (kube-apiserver quotes it in denials).
    public static let webhookName = "accessrequests.drawbridge.dev"
    /// The validating webhook's name.
    public static let validatingWebhookName = "validate.accessrequests.drawbridge.dev"
    /// The AccessPolicy validating webhook's name.
    public static let policyWebhookName = "validate.accesspolicies.drawbridge.dev"

    /// One webhook Drawbridge registers: in which configuration, under which name, at which path, for
    /// which writes. The single list both `drawbridge dev` (with a url) and `config/webhook` (with a
    /// Service; a test compares them) are built from.
    public struct Registration: Sendable {
        /// `MutatingWebhookConfiguration` or `ValidatingWebhookConfiguration`.
        public var kind: String
        /// The webhook's name, which kube-apiserver quotes in denials.
        public var name: String
        /// The path on the webhook server.
        public var path: String
        /// The `rules` that select the writes sent to it.
        public var rules: JSONValue
        /// True when the controller's own writes skip it (a `matchConditions` entry): the webhook
        /// would only wave them through, at the cost of an HTTPS round trip per status write.
        public var skipsController = false
    }

    /// The controller's identity when installed in `drawbridge-system` (the manifests' default).
    public static let defaultControllerUsername = "system:serviceaccount:drawbridge-system:drawbridge-controller"

    /// The `matchConditions` entry that lets `controllerUsername`'s writes skip a webhook (Kubernetes
    /// 1.30 and later evaluate it; older API servers call the webhook, which allows them anyway).
    public static func skipController(_ controllerUsername: String) -> JSONValue {
        [
            "name": "not-the-controller",
            "expression": .string("request.userInfo.username != '\(controllerUsername)'"),
        ]
    }

    /// Every webhook, in the order registered:
    /// - mutating, AccessRequest creates and updates (main resource and status): stamps identities;
    /// - validating, the same plus AccessRequest deletes: judges new requests and reviews as stored,
    ///   and who may delete a request;
    /// - validating, AccessPolicy creates and updates: refuses a policy the controller would find
    ///   invalid, with the reason.
    public static let registrations: [Registration] = [
        Registration(
            kind: "MutatingWebhookConfiguration", name: webhookName, path: mutatePath, rules: [accessRequestWrites],
            skipsController: true),
        Registration(
            kind: "ValidatingWebhookConfiguration", name: validatingWebhookName, path: validatePath,
            rules: [
                accessRequestWrites,
                rule(
                    operations: ["DELETE"],
                    resources: [AccessRequestAdmission.resource, AccessRequestAdmission.clusterResource], scope: "*"),
            ], skipsController: true),
        Registration(
            kind: "ValidatingWebhookConfiguration", name: policyWebhookName, path: validatePoliciesPath,
            rules: [rule(operations: ["CREATE", "UPDATE"], resources: [AccessPolicy.plural], scope: "Cluster")]),
    ]

    static let accessRequestWrites = rule(
        operations: ["CREATE", "UPDATE"],
        resources: [
            AccessRequestAdmission.resource, "\(AccessRequestAdmission.resource)/status",
            AccessRequestAdmission.clusterResource, "\(AccessRequestAdmission.clusterResource)/status",
        ], scope: "*")

    static func rule(operations: [String], resources: [String], scope: String) -> JSONValue {
        [
            "apiGroups": [.string(Drawbridge.group)],
            "apiVersions": [.string(Drawbridge.version)],
            "operations": .array(operations.map(JSONValue.string)),
            "resources": .array(resources.map(JSONValue.string)),
            "scope": .string(scope),
        ]
    }

    /// The `admissionregistration.k8s.io/v1` Mutating- and ValidatingWebhookConfiguration that route
    /// the writes of `registrations` to this webhook at `baseURL` (`https://host:port`), trusting
    /// `caBundlePEM`. For `drawbridge dev` and tests; in a cluster, `config/webhook` uses a Service.
    ///
    /// `failurePolicy: Fail`: an AccessRequest that did not pass through the webhook would carry an
    /// identity nobody vouched for, so when the webhook is down the write is refused. The writes of
    /// `controllerUsername` skip the AccessRequest webhooks (`skipController`).
    public static func webhookConfigurations(
        baseURL: String, caBundlePEM: String, controllerUsername: String = defaultControllerUsername
    ) -> [JSONValue] {
        let clientConfig = { (path: String) -> JSONValue in
            ["url": .string(baseURL + path), "caBundle": .string(Data(caBundlePEM.utf8).base64EncodedString())]
        }
        return ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"].map { kind in
            [
                "apiVersion": "admissionregistration.k8s.io/v1",
                "kind": .string(kind),
                "metadata": ["name": .string(configurationName), "labels": ["app.kubernetes.io/name": "drawbridge"]],
                "webhooks": .array(
                    registrations.filter { $0.kind == kind }.map { registration in
                        var webhook: JSONValue = [
                            "name": .string(registration.name),
                            "clientConfig": clientConfig(registration.path),
                            "rules": registration.rules,
                            "failurePolicy": "Fail",
                            "sideEffects": "None",
                            "admissionReviewVersions": ["v1"],
                            "timeoutSeconds": 10,
                        ]
                        if registration.skipsController {
                            webhook["matchConditions"] = [skipController(controllerUsername)]
                        }
                        return webhook
                    }),
            ]
        }
    }

    /// Which rules a path serves: the validating ones for both validating paths (the rules tell
    /// AccessRequests and AccessPolicies apart by resource), the mutating ones otherwise.
    public static func webhook(forPath path: String) -> AccessRequestAdmission.Webhook {
        path.hasSuffix(validatePath) || path.hasSuffix(validatePoliciesPath) ? .validating : .mutating
    }
}
