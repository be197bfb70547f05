import DrawbridgeAPI
import Foundation

extension WebhookServer {
    /// The name of both webhook configurations Drawbridge registers.
    public static let configurationName = "drawbridge"
    /// The mutating webhook's name (kube-apiserver quotes it in denials).
    public static let webhookName = "accessrequests.drawbridge.dev"
    /// The validating webhook's name.
    public static let validatingWebhookName = "validate.accessrequests.drawbridge.dev"

    /// The `admissionregistration.k8s.io/v1` Mutating- and ValidatingWebhookConfiguration that route
    /// AccessRequest creates and updates (main resource and status) to this webhook at `baseURL`
    /// (`https://host:port`), trusting `caBundlePEM`. For `drawbridge dev` and tests; in a
    /// cluster, `config/webhook` uses a Service.
    ///
    /// `failurePolicy: Fail`: an AccessRequest that did not pass through the webhook would carry an
    /// identity nobody vouched for, so when the webhook is down the write is refused.
    public static func webhookConfigurations(baseURL: String, caBundlePEM: String) -> [JSONValue] {
        [
            configuration(
                kind: "MutatingWebhookConfiguration", webhook: webhookName, url: baseURL + mutatePath,
                caBundlePEM: caBundlePEM),
            configuration(
                kind: "ValidatingWebhookConfiguration", webhook: validatingWebhookName, url: baseURL + validatePath,
                caBundlePEM: caBundlePEM),
        ]
    }

    static func configuration(kind: String, webhook: String, url: String, caBundlePEM: String) -> JSONValue {
        let clientConfig: JSONValue = [
            "url": .string(url), "caBundle": .string(Data(caBundlePEM.utf8).base64EncodedString()),
        ]
        return [
            "apiVersion": "admissionregistration.k8s.io/v1",
            "kind": .string(kind),
            "metadata": ["name": .string(configurationName), "labels": ["app.kubernetes.io/name": "drawbridge"]],
            "webhooks": [
                [
                    "name": .string(webhook),
                    "clientConfig": clientConfig,
                    "rules": [
                        [
                            "apiGroups": [.string(Drawbridge.group)],
                            "apiVersions": [.string(Drawbridge.version)],
                            "operations": ["CREATE", "UPDATE"],
                            "resources": [
                                .string(AccessRequestAdmission.resource),
                                .string("\(AccessRequestAdmission.resource)/status"),
                            ],
                            "scope": "Namespaced",
                        ]
                    ],
                    "failurePolicy": "Fail",
                    "sideEffects": "None",
                    "admissionReviewVersions": ["v1"],
                    "timeoutSeconds": 10,
                ]
            ],
        ]
    }
}
