/// A doubling delay with a ceiling, shared by the informer (200 ms to 30 s) and the work queue
/// (5 ms to 1000 s) so both compute retries the same, testable way. No jitter: every clock is
/// injected and tests assert exact delays.
public struct ExponentialBackoff: Sendable, Hashable {
    /// The delay after the first failure.
    public var initial: Duration
    /// The delay never grows beyond this.
    public var cap: Duration

    /// A backoff from `initial` doubling up to `cap` (raised to `initial` if smaller).
    public init(initial: Duration, cap: Duration) {
        self.initial = initial
        self.cap = max(initial, cap)
    }

    /// The informer's list/watch retries: 200 ms doubling up to 30 s, as client-go's reflector roughly does.
    public static let watcher = ExponentialBackoff(initial: .milliseconds(200), cap: .seconds(30))
    /// Per-key reconcile retries: 5 ms doubling up to 1000 s, client-go's default controller rate limiter.
    public static let workQueue = ExponentialBackoff(initial: .milliseconds(5), cap: .seconds(1000))

    /// The delay after `failures` consecutive failures (1 = the first): `initial * 2^(failures-1)`,
    /// at most `cap`. Zero or fewer failures wait `initial`.
    public func delay(afterFailures failures: Int) -> Duration {
        var delay = initial
        var remaining = max(0, failures - 1)
        while remaining > 0, delay < cap {
            delay = delay * 2
            remaining -= 1
        }
        return min(delay, cap)
    }
}
