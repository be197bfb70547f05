import DrawbridgeAPI
import Foundation

/// What is still owed to notification channels for one request, derived from the request alone
/// (its `status.notifications` ledger and, for `ExpiringSoon`, its grant times and its policy's
/// routes) and the time. Nothing is kept in memory between passes, so a restarted controller or a
/// new leader owes exactly what the cluster says.
public enum OwedNotifications {
    /// The derivation for one request.
    public struct Result: Hashable, Sendable {
        /// Deliveries to make, oldest first.
        public var owed: [OwedNotification] = []
        /// Deliveries never made that are now too old to matter: to be marked `Failed`.
        public var abandoned: [OwedNotification] = []
        /// When something becomes owed without any change (the next `ExpiringSoon`); nil: never.
        public var nextCheck: Date?

        public init(owed: [OwedNotification] = [], abandoned: [OwedNotification] = [], nextCheck: Date? = nil) {
            self.owed = owed
            self.abandoned = abandoned
            self.nextCheck = nextCheck
        }
    }

    /// Everything `request` owes at `now`. `routes` is its governing policy's `notify` (for
    /// `ExpiringSoon`); a delivery older than `maxAge` is abandoned rather than sent late.
    public static func derive(
        for request: AccessRequest, routes: [NotificationRoute], now: Date, maxAge: Duration
    ) -> Result {
        var result = Result()
        let key = request.key
        let ledger = request.status?.notifications ?? [:]
        for (id, record) in ledger.sorted(by: { order($0.value, $0.key) < order($1.value, $1.key) }) {
            guard record.action != NotificationAction.expiringSoon.rawValue else { continue }
            for channel in record.channels where record.deliveries?[channel] == nil {
                let delivery = OwedNotification(id: id, channel: channel, request: key, record: record)
                if now.timeIntervalSince(record.time.date) > maxAge.timeInterval {
                    result.abandoned.append(delivery)
                } else {
                    result.owed.append(delivery)
                }
            }
        }
        addExpiringSoon(for: request, routes: routes, now: now, into: &result)
        return result
    }

    /// Oldest first; records of one instant in lifecycle order (Requested, Approved, Granted, ...),
    /// as the planner made them.
    static func order(_ record: NotificationRecord, _ id: String) -> (Date, Int, String) {
        let rank = NotificationAction(rawValue: record.action).flatMap {
            NotificationAction.routable.firstIndex(of: $0)
        }
        return (record.time.date, rank ?? NotificationAction.routable.count, id)
    }

    /// The `ExpiringSoon` reminders of a live grant: owed from their due time until the expiry,
    /// once per channel (a reminder after the end would be wrong, so none is ever abandoned).
    static func addExpiringSoon(
        for request: AccessRequest, routes: [NotificationRoute], now: Date, into result: inout Result
    ) {
        guard let status = request.status, status.phase == .active, request.metadata.deletionTimestamp == nil,
            let grantedAt = status.grantedAt, let expiresAt = status.expiresAt, now < expiresAt.date
        else { return }
        let routed = routes.filter { $0.on.contains(NotificationAction.expiringSoon.rawValue) }
        guard !routed.isEmpty else { return }
        let id = ExpiringSoon.id(requestUID: request.metadata.uid ?? "", expiresAt: expiresAt)
        let settled = status.notifications?[id]?.deliveries ?? [:]
        var due: [String: Date] = [:]
        for route in routed {
            let at = ExpiringSoon.dueAt(
                grantedAt: grantedAt.date, expiresAt: expiresAt.date,
                percent: route.expiringSoonPercent ?? ExpiringSoon.defaultPercent)
            // Two routes to one channel: the earlier reminder wins.
            due[route.channel] = min(due[route.channel] ?? at, at)
        }
        let channels = due.keys.sorted()
        for channel in channels where settled[channel] == nil {
            guard let at = due[channel] else { continue }
            guard at <= now else {
                result.nextCheck = min(result.nextCheck ?? at, at)
                continue
            }
            let record = NotificationRecord(
                action: NotificationAction.expiringSoon.rawValue, time: KubeTime(at),
                message: ExpiringSoon.message(for: request, expiresAt: expiresAt, now: at),
                channels: channels)
            result.owed.append(
                OwedNotification(id: id, channel: channel, request: request.key, record: record, until: expiresAt.date))
        }
    }
}

/// One delivery owed: notification `id` about `request` to `channel`.
public struct OwedNotification: Hashable, Sendable {
    /// The ledger key: the audit record's id (the CloudEvent id receivers drop duplicates by).
    public var id: String
    public var channel: String
    public var request: ObjectKey
    /// What it tells of, as the ledger has (or, for `ExpiringSoon`, will have) it.
    public var record: NotificationRecord
    /// After this instant it is no longer true and is not sent (`ExpiringSoon`: the expiry).
    public var until: Date?

    public init(id: String, channel: String, request: ObjectKey, record: NotificationRecord, until: Date? = nil) {
        self.id = id
        self.channel = channel
        self.request = request
        self.record = record
        self.until = until
    }

    /// The action it tells of.
    public var action: String { record.action }
}
