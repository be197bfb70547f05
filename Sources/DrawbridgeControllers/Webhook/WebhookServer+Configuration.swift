import DrawbridgeAPI
import Foundation

extension WebhookServer {
    /// The name of the MutatingWebhookConfiguration Drawbridge registers.
    public static let configurationName = "drawbridge"
    /// The name of its single webhook (kube-apiserver quotes it in denials).
    public static let webhookName = "accessrequests.drawbridge.dev"

    /// The `admissionregistration.k8s.io/v1` MutatingWebhookConfiguration that routes AccessRequest
    /// creates and updates (main resource and status) to this webhook at `url`, trusting
    /// `caBundlePEM`. For `drawbridge dev` and tests; in a cluster, `config/webhook` uses a Service.
    ///
    /// `failurePolicy: Fail`: an AccessRequest that did not pass through the webhook would carry an
    /// identity nobody vouched for, so when the webhook is down the write is refused.
    public static func webhookConfiguration(url: String, caBundlePEM: String) -> JSONValue {
        let clientConfig: JSONValue = [
            "url": .string(url), "caBundle": .string(Data(caBundlePEM.utf8).base64EncodedString()),
        ]
        return [
            "apiVersion": "admissionregistration.k8s.io/v1",
            "kind": "MutatingWebhookConfiguration",
            "metadata": ["name": .string(configurationName), "labels": ["app.kubernetes.io/name": "drawbridge"]],
            "webhooks": [
                [
                    "name": .string(webhookName),
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
