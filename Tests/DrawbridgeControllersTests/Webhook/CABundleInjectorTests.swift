import APIServerEmulator
import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeTesting
import Foundation
import KubeClient
import Synchronization
import Testing

/// `--webhook-self-signed` writes its CA into Drawbridge's webhook configurations, with the controller's
/// own RBAC from config/rbac, against the emulator.
@Suite("CA bundle injection into the webhook configurations")
struct CABundleInjectorTests {
    static let mutating = CABundleInjector.drawbridgeTargets[0]
    static let validating = CABundleInjector.drawbridgeTargets[1]
    static let caPEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"

    /// Drawbridge's ValidatingWebhookConfiguration with a second webhook added, to show every
    /// webhook is patched.
    static let validatingYAML = """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata: {name: drawbridge}
        webhooks:
          - name: validate.accessrequests.drawbridge.dev
            clientConfig: {service: {name: drawbridge-webhook, namespace: drawbridge-system, path: /validate-accessrequests}}
            rules: [{apiGroups: [drawbridge.dev], apiVersions: [v1alpha1], operations: [CREATE], resources: [accessrequests]}]
            sideEffects: None
            admissionReviewVersions: [v1]
          - name: second.drawbridge.dev
            clientConfig: {url: "https://example.invalid/second", caBundle: b2xk}
            rules: [{apiGroups: [drawbridge.dev], apiVersions: [v1alpha1], operations: [UPDATE], resources: [accessrequests]}]
            sideEffects: None
            admissionReviewVersions: [v1]
        """

    static func webhooks(_ target: CABundleInjector.Target, in harness: EmulatorHarness) async throws -> [JSONValue] {
        let response = try await harness.client("admin").send(
            KubeRequest(method: "GET", path: "/apis/admissionregistration.k8s.io/v1/\(target.plural)/\(target.name)"))
        return try JSONValue.parse(response.body)["webhooks"]?.arrayValue ?? []
    }

    @Test("Every webhook of both configurations gets the CA, written with the controller's RBAC")
    func patchesBothConfigurations() async throws {
        let harness = try await EmulatorHarness()
        try await harness.registerAdmissionWebhook(baseURL: "https://drawbridge-webhook.invalid")
        try await harness.apply(yaml: Self.validatingYAML)
        let injector = CABundleInjector(client: harness.client("controller"))
        let outcomes = try await injector.inject(caPEM: Self.caPEM)
        #expect(outcomes == [Self.mutating: .patched(webhooks: 1), Self.validating: .patched(webhooks: 2)])

        let bundle = JSONValue.string(Data(Self.caPEM.utf8).base64EncodedString())
        let mutating = try await Self.webhooks(Self.mutating, in: harness)
        #expect(mutating.map { $0[path: ["clientConfig", "caBundle"]] } == [bundle])
        #expect(
            mutating.first?[path: ["clientConfig", "url"]] == "https://drawbridge-webhook.invalid/mutate-accessrequests"
        )
        let validating = try await Self.webhooks(Self.validating, in: harness)
        #expect(validating.map { $0[path: ["clientConfig", "caBundle"]] } == [bundle, bundle])
        #expect(validating.map { $0["name"] } == ["validate.accessrequests.drawbridge.dev", "second.drawbridge.dev"])
        #expect(validating.first?[path: ["clientConfig", "service", "name"]] == "drawbridge-webhook")
    }

    @Test("A configuration that does not exist is reported, and the other is still patched")
    func missingConfigurationIsNotFatal() async throws {
        let harness = try await EmulatorHarness()
        try await harness.registerAdmissionWebhook(baseURL: "https://drawbridge-webhook.invalid")
        _ = try await harness.client("admin").send(
            KubeRequest(
                method: "DELETE",
                path: "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/drawbridge"))
        let outcomes = try await CABundleInjector(client: harness.client("controller")).inject(caPEM: Self.caPEM)
        #expect(outcomes == [Self.mutating: .patched(webhooks: 1), Self.validating: .missing])
    }

    @Test("A write that loses a race (409) is retried on the fresh object")
    func conflictIsRetried() async throws {
        let harness = try await EmulatorHarness()
        try await harness.registerAdmissionWebhook(baseURL: "https://drawbridge-webhook.invalid")
        let once = FirstOnly()
        harness.api.faults.add(
            .init(failure: StatusError(code: 409, reason: "Conflict", message: "the object has been modified")) {
                request in
                request.method == "PATCH" && request.path.contains("mutatingwebhookconfigurations") && once.first()
            })
        let outcomes = try await CABundleInjector(client: harness.client("controller"), targets: [Self.mutating])
            .inject(caPEM: Self.caPEM)
        #expect(outcomes == [Self.mutating: .patched(webhooks: 1)])
        #expect(harness.api.faults.injectedCount == 1)
        let bundle = JSONValue.string(Data(Self.caPEM.utf8).base64EncodedString())
        #expect(
            try await Self.webhooks(Self.mutating, in: harness).first?[path: ["clientConfig", "caBundle"]] == bundle)
    }

    @Test("A caller without the RBAC gets the API error, not a silent skip")
    func forbiddenIsAnError() async throws {
        let harness = try await EmulatorHarness()
        try await harness.registerAdmissionWebhook(baseURL: "https://drawbridge-webhook.invalid")
        await #expect {
            try await CABundleInjector(client: harness.client("alice")).inject(caPEM: Self.caPEM)
        } throws: { error in
            (error as? APIError)?.code == 403
        }
    }
}
