import DrawbridgeAPI
import DrawbridgeCore
import Foundation
import KubeClient

/// Writes how a delivery ended into the request's `status.notifications`: a JSON merge patch of the
/// status subresource that adds one key (`deliveries.<channel>`) and never replaces anything, so it
/// needs no resourceVersion, cannot conflict, and two writers (say, an old and a new leader) can
/// only add. Written only for requests whose policy routes notifications, once per delivery.
struct LedgerMarks: Sendable {
    let client: KubeClient

    /// The patch recording `delivery` of `notification`. An `ExpiringSoon` entry is not in the
    /// ledger before its first delivery, so its patch carries the whole entry.
    static func patch(for notification: OwedNotification, delivery: NotificationDelivery) throws -> JSONValue {
        var entry: [String: JSONValue] = [
            "deliveries": .object([notification.channel: try JSONValue(encoding: delivery)])
        ]
        if notification.action == NotificationAction.expiringSoon.rawValue {
            var record = notification.record
            record.deliveries = nil
            guard case .object(let fields) = try JSONValue(encoding: record) else { return .null }
            entry.merge(fields) { mine, _ in mine }
        }
        return .object(["status": .object(["notifications": .object([notification.id: .object(entry)])])])
    }

    /// Records `delivery`. False when the request is gone (nothing left to record on).
    func record(_ delivery: NotificationDelivery, of notification: OwedNotification) async throws -> Bool {
        do {
            // The request key has no namespace for a ClusterAccessRequest: GrantStore picks the kind.
            _ = try await GrantStore(client: client).patchRequest(
                notification.request, body: Self.patch(for: notification, delivery: delivery), subresource: "status")
            return true
        } catch let error as APIError where error.code == 404 {
            return false
        }
    }
}
