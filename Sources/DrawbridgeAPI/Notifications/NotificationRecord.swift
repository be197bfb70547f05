/// One notification about a request, in `status.notifications` (keyed by its id, the audit record's
/// id): what it tells of, the channels it is owed to, and how each delivery ended.
///
/// The planner writes the record in the same status write as the transition it tells of, so what
/// is owed survives a restart or a failover without a write of its own; the notifier adds each
/// channel's outcome to `deliveries` once the receiver answered. Only requests whose policy routes
/// an action somewhere carry records.
public struct NotificationRecord: Codable, Hashable, Sendable {
    /// `Requested`, `Granted`, `ExpiringSoon`, ...
    public var action: String
    /// When it happened.
    public var time: KubeTime
    /// The sentence the audit record and the Event say.
    public var message: String?
    /// The NotificationChannels it is owed to.
    public var channels: [String]
    /// How delivery ended, by channel; a channel not listed is still owed.
    public var deliveries: [String: NotificationDelivery]?

    public init(
        action: String, time: KubeTime, message: String? = nil, channels: [String],
        deliveries: [String: NotificationDelivery]? = nil
    ) {
        self.action = action
        self.time = time
        self.message = message
        self.channels = channels
        self.deliveries = deliveries
    }
}

/// How one channel's delivery of a notification ended.
public struct NotificationDelivery: Codable, Hashable, Sendable {
    /// The receiver accepted it (2xx).
    public static let delivered = "Delivered"
    /// Given up: the receiver refused it for good (4xx other than 408 and 429, a redirect), or it
    /// could not be delivered before it was too old to matter.
    public static let failed = "Failed"
    /// Every result, in the CRD's order.
    public static let results = [delivered, failed]

    /// `Delivered` or `Failed`.
    public var result: String
    public var time: KubeTime
    /// Attempts made, this one included.
    public var attempts: Int?
    /// For a failure: why, in one sentence.
    public var message: String?

    public init(result: String, time: KubeTime, attempts: Int? = nil, message: String? = nil) {
        self.result = result
        self.time = time
        self.attempts = attempts
        self.message = message
    }
}
