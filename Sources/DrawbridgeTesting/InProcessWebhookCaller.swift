import APIServerEmulator
import DrawbridgeAPI
import DrawbridgeControllers
import Foundation
import Synchronization

/// Hands the emulator's AdmissionReviews straight to Drawbridge's `AccessRequestAdmission`, on the
/// harness's clock, so controller tests run the real identity stamping, review recording and policy
/// checks without HTTPS, certificates or a port. A webhook whose URL ends in one of the validating
/// paths gets the validating rules, every other one the mutating rules (`WebhookServer.webhook(forPath:)`).
///
/// The reply still goes through the AdmissionReview wire types (encoded to JSON and back), so what
/// the emulator applies is exactly what the HTTPS `WebhookServer` would send.
public final class InProcessWebhookCaller: AdmissionWebhookCaller {
    private let current: Mutex<(admission: AccessRequestAdmission, accessReviews: AccessReviewClient?)>
    let now: @Sendable () -> Date
    let observer: WebhookServer.Observer?

    /// Decides with `admission`, stamping times from `now`; `observer` hears each answer as the
    /// HTTPS server's observer would (webhook, real time taken, allowed).
    public init(
        admission: AccessRequestAdmission, now: @escaping @Sendable () -> Date, observer: WebhookServer.Observer? = nil
    ) {
        self.current = Mutex((admission, nil))
        self.now = now
        self.observer = observer
    }

    /// Decides with `admission`, stamping times from `clock.date`: pass the same clock to
    /// `EmulatorHarness`.
    public convenience init(
        admission: AccessRequestAdmission, clock: ManualClock, observer: WebhookServer.Observer? = nil
    ) {
        self.init(admission: admission, now: { clock.date }, observer: observer)
    }

    /// The rules every call is decided by; replaceable (the harness sets its policy lookup once the
    /// API server it reads exists).
    public var admission: AccessRequestAdmission {
        get { current.withLock { $0.admission } }
        set { current.withLock { $0.admission = newValue } }
    }

    /// Where a DELETE by someone neither requester nor approver is checked for `accessrequests/force`
    /// (as the HTTPS server does); nil refuses such deletes. The harness points it at its API server.
    public var accessReviews: AccessReviewClient? {
        get { current.withLock { $0.accessReviews } }
        set { current.withLock { $0.accessReviews = newValue } }
    }

    /// Answers `review` with the admission rules at `now()`, as the HTTPS server would.
    public func call(clientConfig: JSONValue, review: JSONValue, timeout: Duration) async throws -> JSONValue {
        let url = clientConfig["url"]?.stringValue ?? ""
        let webhook = WebhookServer.webhook(forPath: url)
        let started = ContinuousClock.now
        let reply = await admission.answer(review, now: now(), as: webhook, asking: accessReviews)
        let encoded = try JSONValue(encoding: reply)
        observer?(webhook, started.duration(to: .now), reply.response?.allowed ?? false)
        return encoded
    }
}
