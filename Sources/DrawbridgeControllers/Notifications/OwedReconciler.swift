import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeCore
import Foundation
import Synchronization

/// Looks at one request and hands each delivery it still owes to its channel's lane: the
/// dispatcher's "reconcile". It writes nothing; it asks to be woken when an ExpiringSoon reminder
/// falls due, and again later when a lane was full.
struct OwedReconciler: Reconciler {
    /// How long a request whose delivery found its lane full waits before it is offered again.
    static let fullLaneRetry: Duration = .seconds(30)

    let dispatcher: NotificationDispatcher
    let term: NotificationTerm

    func reconcile(_ key: ObjectKey) async throws -> ReconcileAction {
        guard let request = dispatcher.caches.request(key) else {
            term.forget(key)
            return .awaitChange
        }
        let now = dispatcher.now()
        let derived = OwedNotifications.derive(
            for: request, routes: dispatcher.routes(of: request), now: now, maxAge: dispatcher.settings.maxAge)
        // What the cache no longer shows owed needs no guard against a stale look any more.
        for (channel, lane) in term.lanes.withLock({ $0 }) {
            let owed = (derived.owed + derived.abandoned).filter { $0.channel == channel }.map(\.id)
            lane.forgetSettled(of: key, except: Set(owed))
        }
        // Deliveries too old to send go to their lane too: it records that it gave up on them.
        var full = false
        for delivery in derived.owed + derived.abandoned where !term.lane(delivery.channel).offer(delivery) {
            full = true
        }
        var wake = derived.nextCheck.map { Duration(timeInterval: $0.timeIntervalSince(now)) }
        if full { wake = min(wake ?? Self.fullLaneRetry, Self.fullLaneRetry) }
        guard let wake else { return .awaitChange }
        // A reminder due now still goes through the queue's rate limiter, never a zero-delay loop.
        return .requeue(after: max(wake, .milliseconds(1)))
    }
}
