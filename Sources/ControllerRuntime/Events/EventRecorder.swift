import DrawbridgeAPI
import Foundation
import KubeClient
import Logging
import Synchronization

/// Writes core/v1 Events about an object (reason CamelCase, type Normal/Warning) through the API
/// server, in the background: `record` only queues, so a reconcile never waits for an Event, and
/// Events go out on the client's Events lane (their own budget). Repeated identical events (same
/// object, type, reason, message) within 10 minutes bump `count` and `lastTimestamp` of the
/// existing Event instead of creating a new one, as client-go's correlator does. When `backlog`
/// events already wait, new ones are dropped and counted: Events are best effort and the audit log
/// is the durable record. Failures are logged, never thrown.
public final class EventRecorder: EventRecording {
    let client: KubeClient
    /// `source.component` and `reportingComponent` of every Event.
    public let component: String
    let now: @Sendable () -> Date
    let logger: Logger
    let backlog: Int
    let correlator = Mutex(EventCorrelator())
    /// Events waiting to be written, oldest first, and whether a writer task is running.
    let queue = Mutex<(pending: [Pending], writing: Bool, dropped: Int)>(([], false, 0))
    /// Hears each dropped Event (metrics).
    let onDrop: (@Sendable () -> Void)?

    struct Pending: Sendable {
        var type: Event.EventType
        var reason: String
        var message: String
        var regarding: ObjectReference
        var at: Date
    }

    /// `component` names the writer in `source.component`; `now` is the wall clock for timestamps
    /// and the 10-minute merge window (inject `{ manualClock.date }` in tests). At most `backlog`
    /// Events wait; `onDrop` hears each one dropped beyond that.
    public init(
        client: KubeClient, component: String, now: @escaping @Sendable () -> Date, logger: Logger,
        backlog: Int = 1_000, onDrop: (@Sendable () -> Void)? = nil
    ) {
        self.client = client
        self.component = component
        self.now = now
        self.logger = logger
        self.backlog = max(1, backlog)
        self.onDrop = onDrop
    }

    /// Queues the Event and returns at once; a background writer sends it.
    public func record(_ type: Event.EventType, reason: String, message: String, regarding: ObjectReference) async {
        let event = Pending(type: type, reason: reason, message: message, regarding: regarding, at: now())
        let (start, dropped) = queue.withLock { queue -> (Bool, Bool) in
            guard queue.pending.count < backlog else {
                queue.dropped += 1
                return (false, true)
            }
            queue.pending.append(event)
            defer { queue.writing = true }
            return (!queue.writing, false)
        }
        if dropped {
            onDrop?()
            logger.debug("event dropped: backlog full", metadata: ["reason": "\(reason)"])
        }
        if start { Task { await self.drain() } }
    }

    /// Events dropped so far because the backlog was full.
    public var droppedCount: Int { queue.withLock { $0.dropped } }

    /// Returns once every Event recorded so far has been written (or given up on): for tests, and
    /// for a clean shutdown.
    public func flush() async {
        while queue.withLock({ $0.writing || !$0.pending.isEmpty }) {
            try? await Task.sleep(for: .milliseconds(1))
        }
    }

    /// Writes queued Events one after another until none is left.
    func drain() async {
        while true {
            let next: Pending? = queue.withLock { queue in
                guard !queue.pending.isEmpty else {
                    queue.writing = false
                    return nil
                }
                return queue.pending.removeFirst()
            }
            guard let next else { return }
            await RequestLane.$current.withValue(.events) { await write(next) }
        }
    }

    /// Creates the Event, or bumps the count of the identical one written within 10 minutes.
    func write(_ event: Pending) async {
        let key = EventCorrelator.Key(
            regarding: event.regarding, type: event.type, reason: event.reason, message: event.message)
        let decision = correlator.withLock { $0.decide(key, now: event.at) }
        logger.debug(
            "event",
            metadata: ["type": "\(event.type.rawValue)", "reason": "\(event.reason)", "message": "\(event.message)"])
        switch decision {
        case .bump(let name, let namespace, let count):
            do {
                let patch: JSONValue = .object([
                    "count": .int(Int64(count)), "lastTimestamp": .string(KubeTime(event.at).description),
                ])
                _ = try await client.patch(Event.self, name: name, namespace: namespace, type: .merge, body: patch)
                return
            } catch let error as APIError where error.isNotFound {
                // Expired or deleted meanwhile: start a new series.
                correlator.withLock { $0.forget(key, name: name) }
                let fresh = correlator.withLock { $0.decide(key, now: event.at) }
                guard case .create(let freshName, let freshNamespace) = fresh else { return }
                await create(key, regarding: event.regarding, name: freshName, namespace: freshNamespace, now: event.at)
            } catch {
                log(error, key)
            }
        case .create(let name, let namespace):
            await create(key, regarding: event.regarding, name: name, namespace: namespace, now: event.at)
        }
    }

    /// Creates the first Event of a series.
    func create(
        _ key: EventCorrelator.Key, regarding: ObjectReference, name: String, namespace: String, now: Date
    ) async {
        let event = Event(
            metadata: ObjectMeta(name: name, namespace: namespace), involvedObject: regarding, reason: key.reason,
            message: key.message, type: key.type, source: Event.Source(component: component),
            firstTimestamp: KubeTime(now), lastTimestamp: KubeTime(now), count: 1, reportingComponent: component)
        do {
            _ = try await client.create(event)
        } catch {
            correlator.withLock { $0.forget(key, name: name) }
            log(error, key)
        }
    }

    func log(_ error: any Error, _ key: EventCorrelator.Key) {
        if error is RateLimiterDropped {
            queue.withLock { $0.dropped += 1 }
            onDrop?()
        }
        logger.warning(
            "could not record event",
            metadata: [
                "reason": "\(key.reason)", "object": "\(key.regarding.namespace ?? "")/\(key.regarding.name ?? "")",
                "error": "\(error)",
            ])
    }
}
