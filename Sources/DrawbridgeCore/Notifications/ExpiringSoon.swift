import Crypto
import DrawbridgeAPI
import Foundation

/// When a grant's `ExpiringSoon` reminder is due, and its id: once per expiry, when a share of the
/// grant is left (10 % unless a route says otherwise), and never later than a minute before the
/// end, so there is time to ask for more.
public enum ExpiringSoon {
    /// The share of the grant left when the reminder fires, unless a route says otherwise.
    public static let defaultPercent = 10
    /// The reminder comes at least this long before the expiry.
    public static let minimumLead: Duration = .seconds(60)

    /// When the reminder for a grant from `grantedAt` to `expiresAt` is due: `expiresAt` minus the
    /// larger of `percent` of the grant and a minute, but not before the grant began.
    public static func dueAt(grantedAt: Date, expiresAt: Date, percent: Int = defaultPercent) -> Date {
        let length = max(0, expiresAt.timeIntervalSince(grantedAt))
        let lead = max(length * Double(percent) / 100, minimumLead.timeInterval)
        return max(grantedAt, expiresAt.addingTimeInterval(-lead))
    }

    /// A stable id per request and expiry, made as audit record ids are: a grant whose expiry moves
    /// (shortened, or extended) gets a reminder for its new end.
    public static func id(requestUID: String, expiresAt: KubeTime) -> String {
        let text = [requestUID, NotificationAction.expiringSoon.rawValue, "Active", "Active", "\(expiresAt)"]
            .joined(separator: "|")
        return SHA256.hash(data: Data(text.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    /// What the reminder says.
    public static func message(for request: AccessRequest, expiresAt: KubeTime, now: Date) -> String {
        let left = GoDuration.humanize(.seconds(max(0, Int64(expiresAt.date.timeIntervalSince(now).rounded()))))
        let subject =
            GrantBinding.subject(for: request.spec.requester).map(GrantBinding.describe) ?? "unknown requester"
        return
            "\(request.spec.role) for \(subject) \(request.placement) expires at \(expiresAt) (in \(left))."
    }
}
