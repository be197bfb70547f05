import DrawbridgeAPI
import Foundation
import KubeClient
import Logging
import Synchronization

/// Writes core/v1 Events about an object (reason CamelCase, type Normal/Warning) through the API
/// server. Repeated identical events (same object, type, reason, message) within 10 minutes bump
/// `count` and `lastTimestamp` of the existing Event instead of creating a new one, as client-go's
/// correlator does. Failures are logged, never thrown: events are best effort and must never fail
/// a reconcile.
public final class EventRecorder: EventRecording {
    let client: KubeClient
    /// `source.component` and `reportingComponent` of every Event.
    public let component: String
    let now: @Sendable () -> Date
    let logger: Logger
    let correlator = Mutex(EventCorrelator())

    /// `component` names the writer in `source.component`; `now` is the wall clock for timestamps
    /// and the 10-minute merge window (inject `{ manualClock.date }` in tests).
    public init(client: KubeClient, component: String, now: @escaping @Sendable () -> Date, logger: Logger) {
        self.client = client
        self.component = component
        self.now = now
        self.logger = logger
    }

    /// Creates the Event, or bumps the count of the identical one written within 10 minutes.
    public func record(_ type: Event.EventType, reason: String, message: String, regarding: ObjectReference) async {
        let now = now()
        let key = EventCorrelator.Key(regarding: regarding, type: type, reason: reason, message: message)
        let decision = correlator.withLock { $0.decide(key, now: now) }
        logger.debug("event", metadata: ["type": "\(type.rawValue)", "reason": "\(reason)", "message": "\(message)"])
        switch decision {
        case .bump(let name, let namespace, let count):
            do {
                let patch: JSONValue = .object([
                    "count": .int(Int64(count)), "lastTimestamp": .string(KubeTime(now).description),
                ])
                _ = try await client.patch(Event.self, name: name, namespace: namespace, type: .merge, body: patch)
                return
            } catch let error as APIError where error.isNotFound {
                // Expired or deleted meanwhile: start a new series.
                correlator.withLock { $0.forget(key, name: name) }
                let fresh = correlator.withLock { $0.decide(key, now: now) }
                guard case .create(let freshName, let freshNamespace) = fresh else { return }
                await create(key, regarding: regarding, name: freshName, namespace: freshNamespace, now: now)
            } catch {
                log(error, key)
            }
        case .create(let name, let namespace):
            await create(key, regarding: regarding, name: name, namespace: namespace, now: now)
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
        logger.warning(
            "could not record event",
            metadata: [
                "reason": "\(key.reason)", "object": "\(key.regarding.namespace ?? "")/\(key.regarding.name ?? "")",
                "error": "\(error)",
            ])
    }
}
