import DrawbridgeAPI
import DrawbridgeTesting
import EmulatorServer
import Foundation
import Testing

/// `drawbridge dev` runs its webhook as a cluster should: answering only the API server, which
/// presents a client certificate. A direct call in someone else's name, the attack the webhook's
/// signatures would otherwise let through, is refused in the TLS handshake.
@Suite(
    "drawbridge dev's webhook authenticates its caller",
    .enabled(
        if: KubectlHarness.kubectlPath != nil && CommandLineTests.binary != nil, "needs kubectl and the built binary"))
struct DevWebhookAuthenticationTests {
    @Test("A hand-made review posted straight to the webhook is refused, while kubectl's writes go through")
    func directCallRefused() async throws {
        let dev = try await DevProcess.start()
        defer { Task { _ = await dev.stop() } }
        let created = try await dev.kubectl(
            ["apply", "-f", "-"], as: "alice",
            stdin: DevGuardrailsTests.request(name: "through-the-api-server", role: "view", duration: "10m"))
        #expect(created.status == 0, "\(created)")

        // The webhook's serving CA, as registered; everything but a client certificate is right.
        let configuration = try await dev.kubectl(["get", "mutatingwebhookconfiguration", "drawbridge", "-o", "json"])
        let registered = try JSONValue.parse(Array(configuration.stdout.utf8))
        let caBundle = try #require(
            registered[path: ["webhooks"]]?.arrayValue?.first?[path: ["clientConfig", "caBundle"]])
        let url = "https://127.0.0.1:\(dev.webhookPort)/mutate-accessrequests"
        let review: JSONValue = [
            "apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
            "request": [
                "uid": "forged", "operation": "UPDATE", "subResource": "status", "namespace": "demo",
                "kind": ["group": "drawbridge.dev", "version": "v1alpha1", "kind": "AccessRequest"],
                "resource": ["group": "drawbridge.dev", "version": "v1alpha1", "resource": "accessrequests"],
                "userInfo": ["username": "bob", "groups": ["sre"]],
            ],
        ]
        let caller = HTTPAdmissionWebhookCaller()
        let error = await #expect(throws: WebhookCallError.self) {
            try await caller.call(
                clientConfig: ["url": .string(url), "caBundle": caBundle], review: review, timeout: .seconds(10))
        }
        try await caller.shutdown()
        #expect(
            error?.description
                == "failed to call webhook: Post \"\(url)?timeout=10s\": remote error: tls: certificate required")
    }
}
