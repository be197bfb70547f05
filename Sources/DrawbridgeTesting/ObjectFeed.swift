import ControllerRuntime
import DrawbridgeAPI
import KubeClient
import Logging
import Synchronization

/// What a test sees of one resource, live: an informer (as admin, on real time) over the emulator's
/// watch, so a test awaits "request X reaches phase P" as the change arrives instead of polling.
/// Its own backoff runs on real time, so it keeps up whatever the test does to the manual clock.
public final class ObjectFeed<R: KubeResource>: Sendable {
    let informer: Informer<R>
    let task: Task<Void, Never>
    let subscribers = Mutex<[Int: AsyncStream<CacheChange<R>>.Continuation]>([:])
    let nextID = Mutex(0)

    /// A feed of `R` read by `client` (all namespaces), running until `stop()`.
    public init(client: KubeClient) {
        var logger = Logger(label: "drawbridge.test.feed")
        logger.logLevel = .critical
        let informer = Informer<R>(client: client, clock: ContinuousClock(), logger: logger)
        self.informer = informer
        task = Task { await informer.run() }
        informer.addHandler { [weak self] change in self?.broadcast(change) }
    }

    deinit { task.cancel() }

    /// Stops the informer and ends every stream of `changes()`.
    public func stop() {
        task.cancel()
        for continuation in subscribers.withLock({ Array($0.values) }) { continuation.finish() }
    }

    func broadcast(_ change: CacheChange<R>) {
        for continuation in subscribers.withLock({ Array($0.values) }) { continuation.yield(change) }
    }

    /// The object at `key` as last seen.
    public func current(_ key: ObjectKey) -> R? { informer.cache.get(key) }

    /// Every change from now on, in order.
    public func changes() -> AsyncStream<CacheChange<R>> {
        let id = nextID.withLock { id in
            id += 1
            return id
        }
        let (stream, continuation) = AsyncStream<CacheChange<R>>.makeStream()
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        subscribers.withLock { $0[id] = continuation }
        return stream
    }

    /// Waits until the object at `key` satisfies `condition` (nil: it does not exist), and returns
    /// the object then; throws `HarnessTimeout` naming `what` after `timeout` of real time, which
    /// only passes when something is really wrong.
    @discardableResult
    public func wait(
        _ what: String, for key: ObjectKey, timeout: Duration = .seconds(90),
        until condition: @escaping @Sendable (R?) -> Bool
    ) async throws -> R? {
        let stream = changes()  // before looking at the cache, so nothing slips in between
        await informer.waitForSync()
        if condition(current(key)) { return current(key) }
        return try await withThrowingTaskGroup(of: R??.self) { group in
            group.addTask { [self] in
                for await change in stream where change.key == key {
                    let object = current(key)
                    if condition(object) { return .some(object) }
                }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let found = try await group.next(), let object = found else {
                throw HarnessTimeout(message: "timed out waiting until \(what)")
            }
            return object
        }
    }
}
