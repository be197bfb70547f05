import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeTesting
import Foundation
import Testing

/// The configuration `drawbridge dev` registers and the in-cluster manifests must route the same
/// writes to the webhook with the same guarantees.
@Suite("Webhook configuration")
struct WebhookConfigurationTests {
    @Test(
        "The generated configuration routes AccessRequest creates and updates, main resource and status, and fails closed"
    )
    func generated() throws {
        let configuration = WebhookServer.webhookConfiguration(
            url: "https://127.0.0.1:9443/mutate-accessrequests", caBundlePEM: "PEM")
        #expect(configuration["apiVersion"] == "admissionregistration.k8s.io/v1")
        #expect(configuration["kind"] == "MutatingWebhookConfiguration")
        #expect(configuration[path: ["metadata", "name"]] == "drawbridge")
        let webhooks = try #require(configuration["webhooks"]?.arrayValue)
        #expect(webhooks.count == 1)
        let webhook = webhooks[0]
        #expect(webhook["name"] == "accessrequests.drawbridge.dev")
        #expect(webhook["failurePolicy"] == "Fail")
        #expect(webhook["sideEffects"] == "None")
        #expect(webhook["admissionReviewVersions"] == ["v1"])
        #expect(webhook["timeoutSeconds"] == 10)
        #expect(
            webhook["rules"] == [
                [
                    "apiGroups": ["drawbridge.dev"], "apiVersions": ["v1alpha1"], "operations": ["CREATE", "UPDATE"],
                    "resources": ["accessrequests", "accessrequests/status"], "scope": "Namespaced",
                ]
            ])
        #expect(webhook[path: ["clientConfig", "url"]] == "https://127.0.0.1:9443/mutate-accessrequests")
        #expect(webhook[path: ["clientConfig", "caBundle"]] == .string(Data("PEM".utf8).base64EncodedString()))
    }

    @Test("config/webhook has the same webhook behind the drawbridge-webhook Service on 443 -> 9443")
    func manifests() throws {
        let documents = try YAMLJSON.documents(in: try PackageRoot.text("config/webhook/manifests.yaml"))
        let configuration = try #require(documents.first { $0["kind"] == "MutatingWebhookConfiguration" })
        let service = try #require(documents.first { $0["kind"] == "Service" })
        var inCluster = try #require(configuration["webhooks"]?.arrayValue?.first)
        var generated = try #require(
            WebhookServer.webhookConfiguration(url: "x", caBundlePEM: "")["webhooks"]?.arrayValue?.first)
        #expect(
            inCluster[path: ["clientConfig", "service"]]
                == [
                    "name": "drawbridge-webhook", "namespace": "drawbridge-system", "path": "/mutate-accessrequests",
                    "port": 443,
                ])
        inCluster["clientConfig"] = nil
        generated["clientConfig"] = nil
        #expect(inCluster == generated)
        #expect(configuration[path: ["metadata", "name"]] == "drawbridge")
        #expect(service[path: ["metadata", "name"]] == "drawbridge-webhook")
        #expect(service[path: ["metadata", "namespace"]] == "drawbridge-system")
        #expect(service[path: ["spec", "selector"]] == ["app.kubernetes.io/name": "drawbridge"])
        #expect(service[path: ["spec", "ports"]]?.arrayValue?.first?["port"] == 443)
        #expect(service[path: ["spec", "ports"]]?.arrayValue?.first?["targetPort"] == 9443)
        let kustomization = try PackageRoot.text("config/webhook/kustomization.yaml")
        #expect(kustomization.contains("- manifests.yaml"))
    }
}
