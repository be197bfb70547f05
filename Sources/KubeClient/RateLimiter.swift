import DrawbridgeAPI
import Synchronization

/// Client-side throttle in front of every API call, like client-go's `--kube-api-qps`/`--kube-api-burst`:
/// a token bucket holding at most `burst` tokens, refilled at `qps` per second. Waiting callers sleep
/// on the injected clock, so tests control time.
public final class RateLimiter: Sendable {
    public let qps: Double
    public let burst: Int
    private let clock: any Clock<Duration>
    private struct Bucket {
        var tokens: Double
        /// Elapsed clock time at the last refill.
        var last: Duration
    }
    private let bucket: Mutex<Bucket>
    private let elapsed: @Sendable () -> Duration

    /// `qps <= 0` disables throttling.
    public init<C: Clock<Duration>>(qps: Double, burst: Int, clock: C) {
        self.qps = qps
        self.burst = max(1, burst)
        self.clock = clock
        let origin = clock.now
        self.elapsed = { origin.duration(to: clock.now) }
        self.bucket = Mutex(Bucket(tokens: Double(max(1, burst)), last: .zero))
    }

    /// Takes one token, sleeping until one is available.
    public func acquire() async throws {
        guard qps > 0 else { return }
        while true {
            let now = elapsed()
            let wait: Duration? = bucket.withLock { bucket in
                let refill = (now - bucket.last).timeInterval
                bucket.tokens = min(Double(burst), bucket.tokens + refill * qps)
                bucket.last = now
                if bucket.tokens >= 1 {
                    bucket.tokens -= 1
                    return nil
                }
                return Duration(timeInterval: (1 - bucket.tokens) / qps)
            }
            guard let wait else { return }
            try await clock.sleep(for: wait)
        }
    }
}
