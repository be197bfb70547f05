import DequeModule
import DrawbridgeAPI
import HeapModule
import Synchronization

/// Level-based work queue of object keys, so a controller reconciles each object's
/// current state once however many events arrived (conventions habit 3; client-go `workqueue`).
///
/// - Dedupes: a key waiting in the queue is not added twice.
/// - Never hands the same key to two workers at once: a key added while it is being processed is
///   re-queued when `done` is called.
/// - Delayed adds sleep on the injected clock; for one key the earliest pending delay wins. The
///   pending deadlines sit in a heap, so with 10,000 grants waiting for their expiry an add or a
///   firing costs a logarithm, not a scan.
/// - Per-key failure backoff for `addRateLimited`: 5 ms doubling to 1000 s; `forget` resets it.
/// - `shutdown()` wakes every waiting `next()` with nil and ignores later adds.
/// - With an observer, reports adds, retries, how long each key waited from its first add to a
///   worker picking it up (client-go's queue latency) and how long a worker held it, timed on the
///   injected clock.
public final class WorkQueue: Sendable {
    /// A pending delayed add: `key` becomes ready at `deadline`. `sequence` orders equal deadlines by
    /// insertion and tells the key's current entry from one an earlier deadline superseded.
    struct Delayed: Comparable {
        /// Offset on the timeline when the key becomes ready.
        var deadline: Duration
        var sequence: Int
        var key: ObjectKey

        static func < (lhs: Delayed, rhs: Delayed) -> Bool {
            (lhs.deadline, lhs.sequence) < (rhs.deadline, rhs.sequence)
        }
    }

    struct State {
        /// Ready keys in FIFO order.
        var ready: Deque<ObjectKey> = []
        /// Keys waiting to be processed: in `ready`, or being processed and to be re-queued on `done`.
        var dirty: Set<ObjectKey> = []
        var processing: Set<ObjectKey> = []
        var waiters: Deque<(id: Int, continuation: CheckedContinuation<ObjectKey?, Never>)> = []
        /// Each key's pending delayed add (its earliest deadline).
        var delayed: [ObjectKey: Delayed] = [:]
        /// Every entry of `delayed`, earliest first, plus entries superseded by an earlier deadline for
        /// the same key, which are skipped when they surface (see `Delayed.sequence`).
        var deadlines = Heap<Delayed>()
        var failures: [ObjectKey: Int] = [:]
        var timer: Task<Void, Never>?
        var timerDeadline: Duration?
        var timerGeneration = 0
        var nextID = 0
        var isShutDown = false
        /// When each waiting key was first added (only tracked with a timing observer).
        var addedAt: [ObjectKey: Duration] = [:]
        /// When a worker took each key being processed (only tracked with a timing observer).
        var startedAt: [ObjectKey: Duration] = [:]

        var depth: Int { ready.count }

        /// Capacity a drained queue keeps; above it, emptied storage is given back (see `shedStorage`).
        static let keptCapacity = 1024

        /// Gives back the storage of emptied collections once the queue has drained. Swift's sets,
        /// dictionaries and deques keep their grown storage when emptied, so after a start-up that
        /// reconciled 10,000 requests the idle queue would hold megabytes of empty tables for good.
        /// Every key in `ready` is in `dirty`, so `dirty`'s capacity tells whether `ready` grew too.
        mutating func shedStorage() {
            if delayed.isEmpty, delayed.capacity > Self.keptCapacity {
                delayed = [:]
                deadlines = Heap()
            }
            guard ready.isEmpty, processing.isEmpty else { return }
            if dirty.isEmpty, dirty.capacity > Self.keptCapacity {
                dirty = []
                ready = []
            }
            if processing.capacity > Self.keptCapacity { processing = [] }
            if addedAt.isEmpty, addedAt.capacity > Self.keptCapacity { addedAt = [:] }
            if startedAt.isEmpty, startedAt.capacity > Self.keptCapacity { startedAt = [:] }
            if failures.isEmpty, failures.capacity > Self.keptCapacity { failures = [:] }
        }

        /// How long `key` waited since its first add, as it is handed to a worker at `now` (nil when
        /// waits are not tracked).
        mutating func pickUp(_ key: ObjectKey, at now: Duration?) -> Duration? {
            guard let now else { return nil }
            startedAt[key] = now
            guard let added = addedAt.removeValue(forKey: key) else { return nil }
            return max(.zero, now - added)
        }
    }

    /// A waiting worker, the key it gets and how long the key waited; resumed outside the lock.
    typealias Handoff = (continuation: CheckedContinuation<ObjectKey?, Never>, key: ObjectKey, wait: Duration?)

    let state = Mutex(State())
    let timeline: Timeline
    let backoff: ExponentialBackoff
    let observer: WorkQueueObserver

    /// `clock` times delayed and rate-limited adds (a `ManualClock` in tests). `observer` hears, outside
    /// the queue's lock, how long each key waited between its first add and a worker taking it, for
    /// metrics; a key added again while it waits or is processed keeps its first add time.
    public convenience init(
        clock: any Clock<Duration>, observer: (@Sendable (_ key: ObjectKey, _ wait: Duration) -> Void)? = nil
    ) {
        self.init(clock: clock, observing: WorkQueueObserver(waited: observer))
    }

    /// `clock` times delayed and rate-limited adds; `observing` hears adds, retries, waits and work
    /// durations (see `WorkQueueObserver`).
    public init(clock: any Clock<Duration>, observing observer: WorkQueueObserver) {
        self.timeline = Timeline(clock)
        self.backoff = .workQueue
        self.observer = observer
    }

    /// Makes `key` ready now (unless it already waits, or is processing: then it is re-queued on `done`).
    public func add(_ key: ObjectKey) {
        let now = observedNow()
        let (handoff, added) = state.withLock { state in Self.enqueue(key, at: now, in: &state) }
        if added { observer.added?(key) }
        if let handoff { deliver(handoff) }
    }

    /// Makes `key` ready after `delay` on the injected clock; `delay <= 0` means now. When the key
    /// already has a pending delayed add, the earlier deadline wins.
    public func add(_ key: ObjectKey, after delay: Duration) {
        guard !isShutDown else { return }
        observer.retried?(key)
        guard delay > .zero else {
            add(key)
            return
        }
        let deadline = timeline.elapsed() + delay
        state.withLock { state in
            guard !state.isShutDown else { return }
            if let pending = state.delayed[key], pending.deadline <= deadline { return }
            state.nextID += 1
            let entry = Delayed(deadline: deadline, sequence: state.nextID, key: key)
            state.delayed[key] = entry
            state.deadlines.insert(entry)
            Self.compactDeadlines(&state)
            scheduleTimer(&state)
        }
    }

    /// Adds `key` after its current failure backoff (5 ms, 10 ms, ... up to 1000 s), then grows it.
    public func addRateLimited(_ key: ObjectKey) {
        let failures = state.withLock { state in
            let failures = state.failures[key, default: 0] + 1
            state.failures[key] = failures
            return failures
        }
        add(key, after: backoff.delay(afterFailures: failures))
    }

    /// Resets the failure backoff of `key` (after a successful reconcile).
    public func forget(_ key: ObjectKey) {
        _ = state.withLock { $0.failures.removeValue(forKey: key) }
    }

    /// How many times `key` has been rate-limited since it was last forgotten.
    public func failures(_ key: ObjectKey) -> Int {
        state.withLock { $0.failures[key, default: 0] }
    }

    /// The next ready key, waiting until there is one. Returns nil once the queue is shut down or
    /// when the calling task is cancelled. Every key returned must be passed to `done` afterwards.
    public func next() async -> ObjectKey? {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ObjectKey?, Never>) in
                let now = observedNow()
                let immediate: (key: ObjectKey?, wait: Duration?)? = state.withLock { state in
                    if state.isShutDown || Task.isCancelled { return (nil, nil) }
                    if let key = state.ready.popFirst() {
                        state.dirty.remove(key)
                        state.processing.insert(key)
                        return (key, state.pickUp(key, at: now))
                    }
                    state.waiters.append((id, continuation))
                    return nil
                }
                if let immediate {
                    if let key = immediate.key, let wait = immediate.wait { observer.waited?(key, wait) }
                    continuation.resume(returning: immediate.key)
                }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                state.waiters.firstIndex { $0.id == id }.map { state.waiters.remove(at: $0) }
            }
            waiter?.continuation.resume(returning: nil)
        }
    }

    /// Marks `key` as processed; if it was added meanwhile, it becomes ready again.
    public func done(_ key: ObjectKey) {
        let now = observedNow()
        let (handoff, worked): (Handoff?, Duration?) = state.withLock { state in
            // A key that was not handed out has nothing to finish (and must not be queued twice).
            guard state.processing.remove(key) != nil else { return (nil, nil) }
            let worked = now.flatMap { now in state.startedAt.removeValue(forKey: key).map { max(.zero, now - $0) } }
            guard !state.isShutDown, state.dirty.contains(key) else {
                state.shedStorage()
                return (nil, worked)
            }
            state.dirty.remove(key)
            return (Self.enqueue(key, at: now, in: &state, counted: false).handoff, worked)
        }
        if let worked { observer.worked?(key, worked) }
        if let handoff { deliver(handoff) }
    }

    /// Stops the queue: every waiting and future `next()` returns nil, pending delays are dropped,
    /// later adds are ignored.
    public func shutdown() {
        let (waiters, timer) = state.withLock { state in
            state.isShutDown = true
            defer {
                state.waiters.removeAll()
                state.timer = nil
                state.timerDeadline = nil
                state.delayed.removeAll()
                state.deadlines = Heap()
                state.addedAt.removeAll()
                state.startedAt.removeAll()
            }
            return (state.waiters, state.timer)
        }
        timer?.cancel()
        for waiter in waiters { waiter.continuation.resume(returning: nil) }
    }

    /// True once `shutdown()` has been called.
    public var isShutDown: Bool { state.withLock { $0.isShutDown } }

    /// Keys ready now (not counting keys being processed).
    public var depth: Int { state.withLock { $0.depth } }

    /// Keys waiting for a delayed add.
    public var pendingDelayed: Int { state.withLock { $0.delayed.count } }

    /// True when nothing is ready, nothing is being processed and no delayed add is due: the queue
    /// has done everything it has been asked to so far (tests assert "nothing happened" on this).
    public var isIdle: Bool {
        let now = timeline.elapsed()
        return state.withLock { state in
            state.depth == 0 && state.processing.isEmpty && !state.delayed.values.contains { $0.deadline <= now }
        }
    }

    /// Puts `key` on the queue, or straight into the hands of a waiting worker (returned, to be
    /// resumed outside the lock). `now` is the time on the timeline when waits are tracked, else nil.
    /// `added` tells whether this was a new add (not one already waiting); a key re-queued by `done`
    /// was counted when it was added while processing (`counted: false`).
    static func enqueue(
        _ key: ObjectKey, at now: Duration?, in state: inout State, counted: Bool = true
    ) -> (handoff: Handoff?, added: Bool) {
        guard !state.isShutDown, !state.dirty.contains(key) else { return (nil, false) }
        if let now, state.addedAt[key] == nil { state.addedAt[key] = now }
        if state.processing.contains(key) {
            state.dirty.insert(key)
            return (nil, counted)
        }
        if let waiter = state.waiters.popFirst() {
            state.processing.insert(key)
            return ((waiter.continuation, key, state.pickUp(key, at: now)), counted)
        }
        state.dirty.insert(key)
        state.ready.append(key)
        return (nil, counted)
    }
}

extension WorkQueue {
    /// The time on the timeline, read only when someone observes timings (reading a clock costs).
    func observedNow() -> Duration? {
        observer.isTiming ? timeline.elapsed() : nil
    }

    /// Reports the handed-off key's wait, then wakes its worker.
    func deliver(_ handoff: Handoff) {
        if let wait = handoff.wait { observer.waited?(handoff.key, wait) }
        handoff.continuation.resume(returning: handoff.key)
    }
}
