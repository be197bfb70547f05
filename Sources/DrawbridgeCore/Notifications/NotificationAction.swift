import DrawbridgeAPI

/// A lifecycle action an AccessPolicy can send to a NotificationChannel (`notify[].on`): an audit
/// action that comes with a status write of its own, or the `ExpiringSoon` reminder.
///
/// Only actions whose transition writes the request's status are routable: the record of what is
/// owed rides on that write (see `NotificationLedger`), so a notification never costs the grant
/// path a write. Adding a new lifecycle action to notifications is one line in `routable`.
public enum NotificationAction: Hashable, Sendable, CustomStringConvertible {
    /// The notification that goes with an audit record, under the same id.
    case audit(AuditAction)
    /// A reminder that a grant is about to end, once per expiry (no audit record: nothing changed).
    case expiringSoon

    /// Every action `notify[].on` accepts, in the order the documentation lists them.
    public static let routable: [NotificationAction] = [
        .audit(.requested), .audit(.approved), .audit(.denied), .audit(.granted), .expiringSoon,
        .audit(.expired), .audit(.revoked), .audit(.timedOut), .audit(.rejected), .audit(.breakGlassGranted),
        .audit(.breakGlassRatified), .audit(.breakGlassRejected), .audit(.breakGlassReviewOverdue),
    ]

    /// The name in `notify[].on`, the ledger and the CloudEvent type.
    public var rawValue: String {
        switch self {
        case .audit(let action): action.rawValue
        case .expiringSoon: "ExpiringSoon"
        }
    }

    public var description: String { rawValue }

    /// The routable action named `rawValue`; nil for anything else.
    public init?(rawValue: String) {
        guard let action = Self.routable.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = action
    }

    /// The routable action of an audit record's `action`; nil when it cannot be routed.
    public init?(_ action: AuditAction) {
        guard Self.routable.contains(.audit(action)) else { return nil }
        self = .audit(action)
    }

    /// `dev.drawbridge.accessrequest.granted`: the CloudEvent `type` (reverse-DNS, lower case).
    public var cloudEventType: String { "dev.drawbridge.accessrequest.\(rawValue.lowercased())" }
}
