import Foundation

/// What to do after one delivery attempt, from the receiver's answer: done, try again later, or
/// give up. A receiver that refuses a notification for good (a 4xx other than 408 Request Timeout
/// and 429 Too Many Requests, or a redirect, which is never followed) is not retried; anything that
/// may pass (no answer, 408, 429, 5xx) is, with backoff.
public enum DeliveryVerdict: Hashable, Sendable {
    case delivered
    /// `after`: the receiver's Retry-After, when it sent one.
    case retry(reason: String, after: Duration?)
    case fail(reason: String)

    /// The verdict on an HTTP answer `status` (with its `Retry-After` header, if any).
    public static func judge(status: Int, retryAfter: String? = nil) -> DeliveryVerdict {
        switch status {
        case 200..<300:
            return .delivered
        case 408, 429, 500..<600:
            return .retry(reason: "the receiver answered HTTP \(status)", after: retryAfter.flatMap(seconds))
        case 300..<400:
            return .fail(reason: "the receiver answered HTTP \(status) (a redirect; redirects are not followed)")
        default:
            return .fail(reason: "the receiver answered HTTP \(status); not retried")
        }
    }

    /// The verdict when no answer came: always worth another try.
    public static func unanswered(_ error: String) -> DeliveryVerdict {
        .retry(reason: "no answer: \(error)", after: nil)
    }

    /// `Retry-After` in seconds (the HTTP-date form is ignored).
    static func seconds(_ text: String) -> Duration? {
        Int(text.trimmingCharacters(in: .whitespaces)).flatMap { $0 >= 0 ? .seconds($0) : nil }
    }
}

/// How long to wait before the next attempt: doubling from `initial` up to `cap`, with jitter so
/// that many channels recovering at once do not retry in lock step, and never less than what the
/// receiver asked for with Retry-After (itself capped).
public struct RetryBackoff: Hashable, Sendable {
    public var initial: Duration
    public var cap: Duration

    public init(initial: Duration = .seconds(1), cap: Duration = .seconds(300)) {
        self.initial = initial
        self.cap = cap
    }

    /// The wait after `failures` failed attempts (1 or more). `random` in [0, 1) picks the jitter:
    /// the wait lies between half and all of the doubled delay.
    public func delay(afterFailures failures: Int, random: Double, retryAfter: Duration? = nil) -> Duration {
        var base = initial
        for _ in 1..<max(1, failures) where base < cap { base = base * 2 }
        base = min(base, cap)
        let jittered = base * (0.5 + 0.5 * min(max(random, 0), 1))
        guard let retryAfter else { return jittered }
        return max(jittered, min(retryAfter, cap))
    }
}
