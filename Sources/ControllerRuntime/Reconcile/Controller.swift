import DrawbridgeAPI
import KubeClient
import Logging

/// Runs `workers` concurrent loops of: next key -> reconcile -> requeue / forget / rate-limited
/// retry, so every reconciler gets the same error policy (conventions habit 2):
/// - `.awaitChange`: forget the key's backoff.
/// - `.requeue(after: d)`: forget, then add after `d`; `d <= 0` goes through the rate limiter.
/// - `APIError.isConflict`: rate-limited retry at once (5 ms first), logged quietly: re-reading
///   fixes it.
/// - `TerminalError`: forget and log; never retried until the object changes.
/// - any other error: rate-limited retry, logged.
///
/// The queue guarantees one key is never reconciled by two workers at once.
public final class Controller: Sendable {
    /// Names the controller in logs.
    public let name: String
    let queue: WorkQueue
    let reconciler: any Reconciler
    let workers: Int
    let logger: Logger
    let timeline: Timeline
    let observer: ReconcileObserver?

    /// `clock` only times reconciles for `observer` (durations are metrics, not decisions).
    public init(
        name: String, queue: WorkQueue, reconciler: any Reconciler, workers: Int, logger: Logger,
        clock: any Clock<Duration> = ContinuousClock(),
        observer: ReconcileObserver? = nil
    ) {
        self.name = name
        self.queue = queue
        self.reconciler = reconciler
        self.workers = max(1, workers)
        var logger = logger
        logger[metadataKey: "controller"] = "\(name)"
        self.logger = logger
        self.timeline = Timeline(clock)
        self.observer = observer
    }

    /// Runs the workers until the task is cancelled; then the queue is shut down and `run` returns
    /// once every worker has finished its current key (uncancelled).
    public func run() async {
        let queue = queue
        await withTaskCancellationHandler {
            await withDiscardingTaskGroup { group in
                for _ in 0..<workers {
                    group.addTask { await self.work() }
                }
            }
        } onCancel: {
            queue.shutdown()
        }
        queue.shutdown()
    }

    /// One worker: take a key, reconcile it, repeat until the queue shuts down.
    ///
    /// Each reconcile runs in a task of its own, so cancelling the controller (shutdown, or a lost
    /// lease) starts no new reconcile but lets the one in flight finish its writes: stopping between
    /// an audit record and the status it describes would only make the next leader repeat it.
    func work() async {
        while let key = await queue.next() {
            await Task { await self.process(key) }.value
        }
    }

    /// Reconciles one key and applies the error policy.
    func process(_ key: ObjectKey) async {
        let start = timeline.elapsed()
        let result: ReconcileResult
        do {
            switch try await reconciler.reconcile(key) {
            case .awaitChange:
                queue.forget(key)
                result = .success
            case .requeue(let after) where after > .zero:
                queue.forget(key)
                queue.add(key, after: after)
                result = .requeueAfter
            case .requeue:
                queue.addRateLimited(key)
                result = .requeue
            }
        } catch let error as TerminalError {
            queue.forget(key)
            logger.error(
                "reconcile failed permanently; not retrying", metadata: ["key": "\(key)", "error": "\(error)"])
            result = .terminal
        } catch let error as APIError where error.isConflict {
            queue.addRateLimited(key)
            logger.debug("conflict; retrying", metadata: ["key": "\(key)", "error": "\(error)"])
            result = .conflict
        } catch {
            // Never cancelled here: `work` runs each reconcile in a task of its own.
            queue.addRateLimited(key)
            logger.error(
                "reconcile failed; retrying",
                metadata: ["key": "\(key)", "error": "\(error)", "attempt": "\(queue.failures(key))"])
            result = .error
        }
        queue.done(key)
        observer?(key, timeline.elapsed() - start, result)
    }
}
