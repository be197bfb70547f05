import DrawbridgeAPI
import Logging
import Synchronization

/// A controller with everything around its reconciler: the informers of the primary, owned and
/// watched resources, a work queue fed by their changes, the leadership term, first-pass readiness
/// and the periodic resync. Built by `ControllerBuilder`.
///
/// Every replica keeps its informers running (their caches serve other readers, such as admission
/// webhooks), but only a leader reconciles: each leadership term gets a fresh work queue, filled
/// with the first pass when the term starts and dropped the moment it ends.
public final class ManagedController: Sendable {
    /// Names the controller in logs and metrics.
    public let name: String
    let sources: [WatchSource]
    let reconciler: any Reconciler
    let workers: Int
    let clock: any Clock<Duration>
    let logger: Logger
    let firstPassKeys: @Sendable () -> [ObjectKey]
    let resync: (interval: Duration, keys: @Sendable () -> [ObjectKey])
    /// Present when the controller competes for leadership.
    public let leaderElector: LeaderElector?
    let observer: ReconcileObserver?
    let queueObserver: WorkQueueObserver
    /// Run beside the reconcilers for each term (see `ControllerBuilder.duringEachTerm`).
    let termWork: [@Sendable () async -> Void]
    /// The current term's queue; nil while not reconciling (changes are then dropped: the next term
    /// queues everything anyway).
    let term = Mutex<WorkQueue?>(nil)
    let synced = Mutex(false)
    /// The keys of the current term's first pass not yet reconciled; nil before a term starts.
    let firstPass = Mutex<Set<ObjectKey>?>(nil)

    init(
        name: String, sources: [WatchSource], reconciler: any Reconciler, workers: Int, clock: any Clock<Duration>,
        logger: Logger, firstPass: @escaping @Sendable () -> [ObjectKey],
        resync: (interval: Duration, keys: @Sendable () -> [ObjectKey]), leaderElector: LeaderElector?,
        observer: ReconcileObserver?, queueObserver: WorkQueueObserver, termWork: [@Sendable () async -> Void] = []
    ) {
        self.name = name
        self.sources = sources
        self.reconciler = reconciler
        self.workers = workers
        self.clock = clock
        var logger = logger
        logger[metadataKey: "controller"] = "\(name)"
        self.logger = logger
        self.firstPassKeys = firstPass
        self.resync = resync
        self.leaderElector = leaderElector
        self.observer = observer
        self.queueObserver = queueObserver
        self.termWork = termWork
        for source in sources {
            source.connect({ [weak self] in self?.isReconciling ?? false }, { [weak self] in self?.enqueue($0) })
        }
    }

    /// True once every informer has synced and, when this replica reconciles, the first pass is
    /// done (every key in it reconciled once, whatever the outcome). A standby (not the leader) is
    /// ready once its caches have synced.
    public var isReady: Bool {
        guard synced.withLock({ $0 }) else { return false }
        if let leaderElector, !leaderElector.isLeader { return true }
        return firstPass.withLock { $0?.isEmpty ?? false }
    }

    /// True once every informer's first list is in its cache.
    public var hasSynced: Bool { synced.withLock { $0 } }

    /// Keys waiting in the current term's queue (0 when not reconciling).
    public var queueDepth: Int { term.withLock { $0 }?.depth ?? 0 }

    /// True when the current term's queue is idle: no key ready, none being reconciled, no requeue
    /// due (true when not reconciling).
    public var isSettled: Bool { term.withLock { $0 }?.isIdle ?? true }

    /// True while this replica reconciles (always, without leader election, once synced).
    public var isReconciling: Bool { term.withLock { $0 } != nil }

    /// Runs the informers and, once they have synced, reconciles (while leader, with leader
    /// election) until the task is cancelled.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            for source in sources {
                group.addTask { await source.run() }
            }
            group.addTask {
                for source in self.sources { await source.waitForSync() }
                self.synced.withLock { $0 = true }
                ProcessMemory.releaseFreedMemory()
                guard !Task.isCancelled else { return }
                if let elector = self.leaderElector {
                    await elector.run { await self.reconcileForOneTerm() }
                } else {
                    await self.reconcileForOneTerm()
                }
            }
            await group.waitForAll()
        }
    }

    /// One leadership term: a fresh queue filled with the first pass, the workers, the resync and the
    /// term's other work, until cancelled (shutdown, or leadership lost); then the queue is dropped.
    func reconcileForOneTerm() async {
        let queue = WorkQueue(clock: clock, observing: queueObserver)
        // Changes are queued from here on, before the first pass reads the caches: a change that
        // lands in between is queued twice (the queue keeps one), never lost until the next resync.
        term.withLock { $0 = queue }
        let keys = firstPassKeys()
        firstPass.withLock { $0 = Set(keys) }
        for key in keys { queue.add(key) }
        let controller = Controller(
            name: name, queue: queue, reconciler: reconciler, workers: workers, logger: logger
        ) { [self] key, duration, result in
            let finishedFirstPass = firstPass.withLock { keys in
                guard keys?.remove(key) != nil, keys?.isEmpty == true else { return false }
                keys = []  // an emptied set keeps its storage
                return true
            }
            // The first pass is the last of the start-up's peak: give its garbage back.
            if finishedFirstPass { ProcessMemory.releaseFreedMemory() }
            observer?(key, duration, result)
        }
        await withTaskGroup(of: Void.self) { inner in
            inner.addTask { await controller.run() }
            inner.addTask { await self.resyncPeriodically() }
            for work in self.termWork { inner.addTask { await work() } }
        }
        term.withLock { $0 = nil }
        firstPass.withLock { $0 = nil }
        queue.shutdown()
    }

    /// Every resync interval, queue the resync keys again.
    func resyncPeriodically() async {
        while !Task.isCancelled {
            do {
                try await clock.sleep(for: resync.interval)
            } catch {
                return
            }
            enqueue(resync.keys())
        }
    }

    /// Adds `keys` to the current term's queue; dropped when not reconciling.
    public func enqueue(_ keys: [ObjectKey]) {
        guard let queue = term.withLock({ $0 }) else { return }
        for key in keys { queue.add(key) }
    }
}
