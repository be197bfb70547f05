import APIServerEmulator
import DrawbridgeAPI
import DrawbridgeControllers
import Foundation

/// Hands the emulator's AdmissionReviews straight to Drawbridge's `AccessRequestAdmission`, on the
/// harness's clock, so controller tests run the real identity stamping and review recording without
/// HTTPS, certificates or a port. `clientConfig` is ignored: every registered webhook is this one.
///
/// The reply still goes through the AdmissionReview wire types (encoded to JSON and back), so what
/// the emulator applies is exactly what the HTTPS `WebhookServer` would send.
public struct InProcessWebhookCaller: AdmissionWebhookCaller {
    /// The rules every call is decided by.
    public let admission: AccessRequestAdmission
    let now: @Sendable () -> Date

    /// Decides with `admission`, stamping times from `now`.
    public init(admission: AccessRequestAdmission, now: @escaping @Sendable () -> Date) {
        self.admission = admission
        self.now = now
    }

    /// Decides with `admission` (by default the harness controller's rules), stamping times from
    /// `clock.date`: pass the same clock to `EmulatorHarness`.
    public init(
        admission: AccessRequestAdmission = AccessRequestAdmission(
            controllerUsername: EmulatorHarness.controllerUsername),
        clock: ManualClock
    ) {
        self.init(admission: admission, now: { clock.date })
    }

    /// Answers `review` with the admission rules at `now()`, as the HTTPS server would.
    public func call(clientConfig: JSONValue, review: JSONValue, timeout: Duration) async throws -> JSONValue {
        try JSONValue(encoding: admission.answer(review, now: now()))
    }
}
