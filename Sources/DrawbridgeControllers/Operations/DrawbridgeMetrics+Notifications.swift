import Prometheus
import Synchronization

extension DrawbridgeMetrics {
    /// For `NotificationDispatcher`: one delivery attempt to `channel` and how it ended.
    public var notificationObserver: NotificationObserver {
        { [self] channel, result in
            notificationCounters.withLock { counters in
                Self.cached(&counters, "\(channel) \(result.rawValue)") {
                    Self.counter(registry, Name.notifications, [("channel", channel), ("result", result.rawValue)])
                }
            }
            .increment()
        }
    }
}
