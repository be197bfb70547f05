import DrawbridgeAPI
import KubeClient
import Logging
import Synchronization

/// list + watch loop for one resource type (optionally one namespace, optionally a label selector),
/// feeding a `ResourceCache` and calling the handlers for every change, so controllers read state
/// locally and wake on changes instead of polling the API server.
///
/// On relist it diffs against the cache (deleting vanished objects, emitting upserts for changed
/// ones). Exponential backoff on errors (200 ms doubling to 30 s, at least Retry-After) sleeps on the
/// injected clock. Bookmarks advance the resourceVersion. A broken or ended watch resumes from the
/// last resourceVersion; 410 (HTTP or an ERROR event with code 410 / reason Expired) relists. The
/// decisions live in `WatcherState.step`; this type only performs them.
///
/// Objects are cached compactly: decoded without `metadata.managedFields` (`CacheDecoding`), which
/// nothing reads and which was most of a cached object's memory (an update built from a cached
/// object leaves the server's managedFields as they are), and with the strings that repeat from
/// object to object shared (`StringInterner`: metadata here, more through `compact`).
public final class Informer<R: KubeResource>: Sendable {
    /// The objects seen so far; written only by `run()`.
    public let cache: ResourceCache<R>
    let client: KubeClient
    let namespace: String?
    let labelSelector: String?
    let clock: any Clock<Duration>
    let logger: Logger
    let pageSize: Int
    /// Shares repeated strings between cached objects.
    let interner = StringInterner()
    /// Interns the type's own repeated strings, after the metadata's.
    let compact: @Sendable (inout R, inout StringInterner.Table) -> Void
    let handlers = Mutex<[@Sendable (CacheChange<R>) -> Void]>([])
    let synced = SyncSignal()
    let machine = Mutex<WatcherState>(.empty)
    let running = Mutex(false)

    /// An informer for `R` in `namespace` (nil: all namespaces) matching `labelSelector`; `clock` times
    /// backoffs, `pageSize` bounds each list page; `compact` interns the strings of `R`'s own members
    /// that repeat between objects (the metadata's are interned anyway). Nothing happens until `run()`.
    public init(
        client: KubeClient, namespace: String? = nil, labelSelector: String? = nil, clock: any Clock<Duration>,
        logger: Logger, pageSize: Int = 500,
        compact: @escaping @Sendable (inout R, inout StringInterner.Table) -> Void = { _, _ in }
    ) {
        self.compact = compact
        self.cache = ResourceCache()
        self.client = client
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.clock = clock
        var logger = logger
        logger[metadataKey: "resource"] = "\(R.qualifiedResource)"
        if let namespace { logger[metadataKey: "namespace"] = "\(namespace)" }
        self.logger = logger
        self.pageSize = max(1, pageSize)
    }

    /// Registers a handler for every cache change. Call before `run()`: a handler added later does
    /// not hear about objects that are already cached.
    /// - Important: Handlers run on the informer's loop; keep them short (enqueue a key) and never block.
    public func addHandler(_ handler: @escaping @Sendable (CacheChange<R>) -> Void) {
        handlers.withLock { $0.append(handler) }
    }

    /// Returns once the first full list has been stored in the cache (and handlers called for it),
    /// or when the calling task is cancelled.
    public func waitForSync() async {
        await synced.wait()
    }

    /// True once the first full list has been stored in the cache and handlers called for it.
    public var hasSynced: Bool { synced.hasFired }

    /// Where the list/watch loop stands, for diagnostics and tests.
    public var state: WatcherState { machine.withLock { $0 } }

    /// Runs until the task is cancelled. Only one `run()` at a time; a second concurrent call returns at once.
    public func run() async {
        let alreadyRunning = running.withLock { running in
            defer { running = true }
            return running
        }
        guard !alreadyRunning else {
            logger.error("Informer.run() called while it is already running; ignoring the second call")
            return
        }
        defer { running.withLock { $0 = false } }
        machine.withLock { $0 = .empty }
        var action = advance(.start)
        while !Task.isCancelled {
            let input: WatcherInput
            switch action {
            case .list:
                input = await list()
            case .watch(let resourceVersion):
                input = await watch(from: resourceVersion)
            case .sleep(let delay):
                logger.debug("backing off", metadata: ["delay": "\(delay)"])
                do { try await clock.sleep(for: delay) } catch { return }
                input = .backoffElapsed
            case .none:
                // Unreachable with a consistent machine; start over rather than stop watching.
                logger.error("watcher state machine stalled; relisting", metadata: ["state": "\(state)"])
                machine.withLock { $0 = .empty }
                input = .start
            }
            if Task.isCancelled { return }
            action = advance(input)
        }
    }

    /// Steps the state machine.
    func advance(_ input: WatcherInput) -> WatcherAction {
        machine.withLock { state in
            let (next, action) = state.step(input)
            state = next
            return action
        }
    }

    /// `object` as the cache keeps it: its repeated strings shared with the objects cached before.
    func compacted(_ object: R) -> R {
        interner.withTable { table in
            var object = object
            table.intern(&object.metadata)
            compact(&object, &table)
            return object
        }
    }

    /// Calls every handler with every change, in order.
    func notify(_ changes: [CacheChange<R>]) {
        guard !changes.isEmpty else { return }
        let handlers = handlers.withLock { $0 }
        for change in changes {
            for handler in handlers { handler(change) }
        }
    }
}
