import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeTesting
import Foundation
import Testing

/// The configurations `drawbridge dev` registers and the in-cluster manifests must route the same
/// writes to the webhook with the same guarantees.
@Suite("Webhook configuration")
struct WebhookConfigurationTests {
    static let rules: JSONValue = [
        [
            "apiGroups": ["drawbridge.dev"], "apiVersions": ["v1alpha1"], "operations": ["CREATE", "UPDATE"],
            "resources": ["accessrequests", "accessrequests/status"], "scope": "Namespaced",
        ]
    ]

    @Test(
        "The generated mutating and validating configurations route AccessRequest creates and updates, main resource and status, and fail closed",
        arguments: [
            ("MutatingWebhookConfiguration", "accessrequests.drawbridge.dev", "/mutate-accessrequests"),
            ("ValidatingWebhookConfiguration", "validate.accessrequests.drawbridge.dev", "/validate-accessrequests"),
        ])
    func generated(kind: String, name: String, path: String) throws {
        let configurations = WebhookServer.webhookConfigurations(baseURL: "https://127.0.0.1:9443", caBundlePEM: "PEM")
        #expect(configurations.count == 2)
        let configuration = try #require(configurations.first { $0["kind"] == .string(kind) })
        #expect(configuration["apiVersion"] == "admissionregistration.k8s.io/v1")
        #expect(configuration[path: ["metadata", "name"]] == "drawbridge")
        let webhooks = try #require(configuration["webhooks"]?.arrayValue)
        #expect(webhooks.count == 1)
        let webhook = webhooks[0]
        #expect(webhook["name"] == .string(name))
        #expect(webhook["failurePolicy"] == "Fail")
        #expect(webhook["sideEffects"] == "None")
        #expect(webhook["admissionReviewVersions"] == ["v1"])
        #expect(webhook["timeoutSeconds"] == 10)
        #expect(webhook["rules"] == Self.rules)
        #expect(webhook[path: ["clientConfig", "url"]] == .string("https://127.0.0.1:9443" + path))
        #expect(webhook[path: ["clientConfig", "caBundle"]] == .string(Data("PEM".utf8).base64EncodedString()))
    }

    @Test("config/webhook has the same two webhooks behind the drawbridge-webhook Service on 443 -> 9443")
    func manifests() throws {
        let documents = try YAMLJSON.documents(in: try PackageRoot.text("config/webhook/manifests.yaml"))
        let generated = WebhookServer.webhookConfigurations(baseURL: "x", caBundlePEM: "")
        for (kind, path) in [
            ("MutatingWebhookConfiguration", "/mutate-accessrequests"),
            ("ValidatingWebhookConfiguration", "/validate-accessrequests"),
        ] {
            let configuration = try #require(documents.first { $0["kind"] == .string(kind) }, "\(kind)")
            var inCluster = try #require(configuration["webhooks"]?.arrayValue?.first)
            var expected = try #require(
                generated.first { $0["kind"] == .string(kind) }?["webhooks"]?.arrayValue?.first)
            #expect(
                inCluster[path: ["clientConfig", "service"]]
                    == [
                        "name": "drawbridge-webhook", "namespace": "drawbridge-system", "path": .string(path),
                        "port": 443,
                    ])
            inCluster["clientConfig"] = nil
            expected["clientConfig"] = nil
            #expect(inCluster == expected)
            #expect(configuration[path: ["metadata", "name"]] == "drawbridge")
        }
        let service = try #require(documents.first { $0["kind"] == "Service" })
        #expect(service[path: ["metadata", "name"]] == "drawbridge-webhook")
        #expect(service[path: ["metadata", "namespace"]] == "drawbridge-system")
        #expect(service[path: ["spec", "selector"]] == ["app.kubernetes.io/name": "drawbridge"])
        #expect(service[path: ["spec", "ports"]]?.arrayValue?.first?["port"] == 443)
        #expect(service[path: ["spec", "ports"]]?.arrayValue?.first?["targetPort"] == 9443)
        let kustomization = try PackageRoot.text("config/webhook/kustomization.yaml")
        #expect(kustomization.contains("- manifests.yaml"))
    }
}
