import DrawbridgeAPI
import Synchronization

/// Client-side throttle in front of every API call, like client-go's `--kube-api-qps`/`--kube-api-burst`:
/// a token bucket holding at most `burst` tokens, refilled at `qps` per second, protecting the API
/// server. What it limits is ordered: a token goes to a waiting request of the most urgent lane first
/// (`RequestLane`: revocation, then grant, then normal), so revoking access never waits behind a
/// grant or a status. Events do not touch that budget: they have a bucket of their own
/// (`eventQPS`, `eventBurst`), and when more than `eventBacklog` of them already wait, more are
/// refused at once (`RateLimiterDropped`), as client-go's event broadcaster drops under pressure.
/// Waiting callers sleep on the injected clock, so tests control time.
public final class RateLimiter: Sendable {
    public let qps: Double
    public let burst: Int
    public let eventQPS: Double
    public let eventBurst: Int
    /// How many Event writes may wait for a token before more are dropped.
    public let eventBacklog: Int
    private let clock: any Clock<Duration>
    private let elapsed: @Sendable () -> Duration

    struct Bucket {
        var tokens: Double
        /// Elapsed clock time at the last refill.
        var last: Duration
        let qps: Double
        let burst: Double

        mutating func refill(at now: Duration) {
            tokens = min(burst, tokens + (now - last).timeInterval * qps)
            last = now
        }

        /// How long until one token is there.
        var wait: Duration { Duration(timeInterval: (1 - tokens) / qps) }
    }

    struct State {
        var main: Bucket
        var events: Bucket
        /// Requests waiting for a token, by lane.
        var waiting: [RequestLane: Int] = [:]

        /// True when a more urgent lane than `lane` has someone waiting.
        func moreUrgentWaiting(than lane: RequestLane) -> Bool {
            waiting.contains { $0.key < lane && $0.value > 0 }
        }
    }

    private let state: Mutex<State>

    /// `qps <= 0` disables throttling (Events too, unless `eventQPS` says otherwise). Events default
    /// to a fifth of the budget, with at most 1,000 waiting.
    public init<C: Clock<Duration>>(
        qps: Double, burst: Int, clock: C, eventQPS: Double? = nil, eventBurst: Int? = nil, eventBacklog: Int = 1_000
    ) {
        self.qps = qps
        self.burst = max(1, burst)
        self.eventQPS = eventQPS ?? qps / 5
        self.eventBurst = max(1, eventBurst ?? burst / 5)
        self.eventBacklog = max(0, eventBacklog)
        self.clock = clock
        let origin = clock.now
        self.elapsed = { origin.duration(to: clock.now) }
        state = Mutex(
            State(
                main: Bucket(tokens: Double(max(1, burst)), last: .zero, qps: qps, burst: Double(max(1, burst))),
                events: Bucket(
                    tokens: Double(self.eventBurst), last: .zero, qps: self.eventQPS, burst: Double(self.eventBurst))))
    }

    /// Takes one token for a request of `lane` (the current task's lane unless given), sleeping
    /// until one is available and no more urgent request waits. Throws `RateLimiterDropped` for an
    /// Event when too many already wait, and `CancellationError` when the task is cancelled.
    public func acquire(_ lane: RequestLane = RequestLane.current) async throws {
        let events = lane == .events
        guard events ? eventQPS > 0 : qps > 0 else { return }
        var waiting = false
        defer {
            if waiting { state.withLock { $0.waiting[lane, default: 1] -= 1 } }
        }
        while true {
            let now = elapsed()
            let wait: Duration? = try state.withLock { state in
                if events {
                    state.events.refill(at: now)
                    if state.events.tokens >= 1 {
                        state.events.tokens -= 1
                        return nil
                    }
                    if !waiting {
                        guard state.waiting[.events, default: 0] < eventBacklog else { throw RateLimiterDropped() }
                        state.waiting[.events, default: 0] += 1
                        waiting = true
                    }
                    return state.events.wait
                }
                state.main.refill(at: now)
                if state.main.tokens >= 1, !state.moreUrgentWaiting(than: lane) {
                    state.main.tokens -= 1
                    return nil
                }
                if !waiting {
                    state.waiting[lane, default: 0] += 1
                    waiting = true
                }
                // Someone more urgent takes the next token: look again once it has had its turn.
                return max(state.main.wait, Duration(timeInterval: 1 / qps))
            }
            guard let wait else { return }
            try await clock.sleep(for: wait)
        }
    }
}

/// An Event was not sent: too many were already waiting for the client's Event budget.
public struct RateLimiterDropped: Error, Sendable, CustomStringConvertible {
    public init() {}
    public var description: String { "dropped: too many Events are waiting for the client's Event budget" }
}
