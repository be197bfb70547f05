import APIServerEmulator
import DrawbridgeAPI
import DrawbridgeControllers
import Foundation
import KubeClient

extension EmulatorHarness {
    /// The base URL the in-process webhooks are registered under; never dialled (see
    /// `InProcessWebhookCaller`).
    public static let inProcessWebhookURL = "https://drawbridge-webhook.in-process.invalid"

    /// The identity signing key of every harness (32 fixed bytes), so tests can sign and verify.
    public static let signer: IdentitySigner = {
        do {
            return try IdentitySigner(key: Array(repeating: 0x5A, count: IdentitySigner.minimumKeyBytes))
        } catch {
            fatalError("a 32-byte key is always accepted: \(error)")
        }
    }()

    /// A harness whose API server sends AccessRequest writes through Drawbridge's real admission rules
    /// (registered as the `drawbridge` Mutating- and ValidatingWebhookConfigurations, called in
    /// process on `clock`), so requesters and approvals are stamped, signed with `signer` and checked
    /// against the AccessPolicies in the store, as in a cluster. `configure` may change the rules
    /// (e.g. drop the signer or the policy checks). `webhookObserver` hears every answer (metrics tests).
    public static func withAdmissionWebhook(
        clock: ManualClock = ManualClock(),
        configure: @Sendable (inout AccessRequestAdmission) -> Void = { _ in },
        webhookObserver: WebhookServer.Observer? = nil
    ) async throws -> EmulatorHarness {
        let caller = InProcessWebhookCaller(
            admission: AccessRequestAdmission(controllerUsername: controllerUsername, signer: signer), clock: clock,
            observer: webhookObserver)
        let harness = try await EmulatorHarness(clock: clock, webhookCaller: caller)
        var admission = AccessRequestAdmission(
            controllerUsername: controllerUsername, policies: .emulator(harness.api), signer: signer)
        configure(&admission)
        caller.admission = admission
        caller.accessReviews = AccessReviewClient(client: harness.client("controller"))
        try await harness.registerAdmissionWebhook()
        return harness
    }

    /// The in-process webhook caller of a harness made `withAdmissionWebhook`, so a test can change
    /// the rules it decides with after the fact (a signer reading a re-read key ring, a SubjectAccessReview
    /// client for this API server).
    public var admissionCaller: InProcessWebhookCaller? { api.options.webhookCaller as? InProcessWebhookCaller }

    /// Registers Drawbridge's webhook configurations (as admin), pointing at `baseURL`.
    public func registerAdmissionWebhook(
        baseURL: String = EmulatorHarness.inProcessWebhookURL, caBundlePEM: String = ""
    )
        async throws
    {
        for configuration in WebhookServer.webhookConfigurations(baseURL: baseURL, caBundlePEM: caBundlePEM) {
            _ = try await client("admin").createOrReplace(configuration)
        }
    }
}
