/// One entry of an AccessPolicy's `notify`: which lifecycle actions of the requests it governs are
/// sent to which NotificationChannel.
public struct NotificationRoute: Codable, Hashable, Sendable {
    /// The NotificationChannel's name.
    public var channel: String
    /// The actions to send (`Requested`, `Approved`, `Denied`, `Granted`, `ExpiringSoon`, `Expired`,
    /// `Revoked`, `TimedOut`, `Rejected`, and `BreakGlassGranted`, `BreakGlassRatified`,
    /// `BreakGlassRejected`, `BreakGlassReviewOverdue`).
    public var on: [String]
    /// `ExpiringSoon` fires once when this percentage of the grant is left (default 10), and never
    /// later than a minute before the expiry.
    public var expiringSoonPercent: Int?

    public init(channel: String, on: [String], expiringSoonPercent: Int? = nil) {
        self.channel = channel
        self.on = on
        self.expiringSoonPercent = expiringSoonPercent
    }
}
