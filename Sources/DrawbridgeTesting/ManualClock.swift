import DrawbridgeAPI
import Foundation
import Synchronization

/// A clock that moves only when a test says so, with a matching wall-clock `date`, so controllers'
/// sleeps, backoffs, delayed requeues and expiry timestamps all run on test time.
///
/// Pass it as the `Clock<Duration>` and `{ clock.date }` as the wall clock.
public final class ManualClock: Clock, Sendable {
    /// A point on the manual timeline: time since the clock was made.
    public struct Instant: InstantProtocol, Hashable, Sendable {
        public var offset: Duration
        public init(offset: Duration) { self.offset = offset }
        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private struct Sleeper {
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var nextID = 0
        var sleepers: [Int: Sleeper] = [:]
    }

    private let state = Mutex(State())
    /// The wall-clock time at offset zero.
    public let epoch: Date

    public init(epoch: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        self.epoch = epoch
    }

    public var now: Instant { state.withLock { $0.now } }
    public var minimumResolution: Duration { .zero }

    /// The wall-clock time now: `epoch` plus the time advanced so far.
    public var date: Date {
        epoch.addingTimeInterval(now.offset.timeInterval)
    }

    /// Number of tasks sleeping on this clock right now.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: Bool = state.withLock { state in
                    if deadline <= state.now || Task.isCancelled { return true }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
            try Task.checkCancellation()
        } onCancel: {
            let sleeper = state.withLock { $0.sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward, waking every sleeper whose deadline has come, earliest first.
    public func advance(by duration: Duration) async {
        await advance(to: now.advanced(by: duration))
    }

    /// Moves time to `instant` (never backwards), waking sleepers in deadline order.
    public func advance(to instant: Instant) async {
        while true {
            let next: Sleeper? = state.withLock { state in
                guard
                    let (id, sleeper) = state.sleepers.filter({ $0.value.deadline <= instant })
                        .min(by: { $0.value.deadline < $1.value.deadline })
                else {
                    if state.now < instant { state.now = instant }
                    return nil
                }
                state.sleepers.removeValue(forKey: id)
                if state.now < sleeper.deadline { state.now = sleeper.deadline }
                return sleeper
            }
            guard let next else { break }
            next.continuation.resume()
            await Task.yield()
        }
        for _ in 0..<10 { await Task.yield() }
    }

    /// Waits until at least `count` tasks sleep on the clock, or `timeout` of real time has passed.
    /// A thousand yields first (enough when everything is in memory), then a real millisecond's
    /// sleep between looks: a count of yields is no bound on a busy machine, where the tasks being
    /// waited for may need real time to get there, and a task that keeps yielding keeps a thread
    /// from tasks of lower priority.
    public func waitForSleepers(atLeast count: Int, timeout: Duration = .seconds(60)) async {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var looks = 0
        while sleeperCount < count, ContinuousClock.now < deadline {
            looks += 1
            if looks < 1_000 {
                await Task.yield()
            } else {
                try? await ContinuousClock().sleep(for: .milliseconds(1))
            }
        }
    }
}
