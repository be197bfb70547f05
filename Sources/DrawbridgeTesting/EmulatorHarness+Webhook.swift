import APIServerEmulator
import DrawbridgeAPI
import DrawbridgeControllers
import Foundation

extension EmulatorHarness {
    /// The URL the in-process webhook is registered under; never dialled (see `InProcessWebhookCaller`).
    public static let inProcessWebhookURL = "https://drawbridge-webhook.in-process.invalid\(WebhookServer.mutatePath)"

    /// A harness whose API server sends AccessRequest writes through Drawbridge's real admission rules
    /// (registered as the `drawbridge` MutatingWebhookConfiguration, called in process on `clock`),
    /// so requesters and approvals are stamped as in a cluster.
    public static func withAdmissionWebhook(
        clock: ManualClock = ManualClock(),
        admission: AccessRequestAdmission = AccessRequestAdmission(
            controllerUsername: EmulatorHarness.controllerUsername)
    ) async throws -> EmulatorHarness {
        let harness = try await EmulatorHarness(
            clock: clock, webhookCaller: InProcessWebhookCaller(admission: admission, clock: clock))
        try await harness.registerAdmissionWebhook()
        return harness
    }

    /// Registers Drawbridge's MutatingWebhookConfiguration (as admin), pointing at `url`.
    public func registerAdmissionWebhook(url: String = EmulatorHarness.inProcessWebhookURL, caBundlePEM: String = "")
        async throws
    {
        _ = try await client("admin").createOrReplace(
            WebhookServer.webhookConfiguration(url: url, caBundlePEM: caBundlePEM))
    }
}
