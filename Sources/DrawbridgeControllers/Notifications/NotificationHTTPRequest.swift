import DrawbridgeAPI
import DrawbridgeCore
import Foundation

/// One POST to a receiver, ready to send: what the formats (CloudEvents, Slack) produce and the
/// sender sends. Headers keep their order, so golden tests read them as written.
public struct NotificationHTTPRequest: Hashable, Sendable {
    public var url: String
    public var headers: [Header]
    public var body: [UInt8]

    /// One header line.
    public struct Header: Hashable, Sendable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(url: String, headers: [Header], body: [UInt8]) {
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The value of header `name` (case-insensitive), if present.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The request for `event` to `target`, signed at `now`: a CloudEvent for a webhook, a Block
    /// Kit message for Slack.
    public static func make(
        _ event: NotificationEvent, to target: ChannelCheck.Target, source: String, now: Date
    ) throws -> NotificationHTTPRequest {
        switch target.kind {
        case .webhook(let binary):
            return try CloudEventEncoding.request(
                for: event, url: target.url, key: target.signingKey, binary: binary, source: source, now: now)
        case .slack:
            return NotificationHTTPRequest(
                url: target.url, headers: [Header("Content-Type", "application/json; charset=utf-8")],
                body: try SlackMessage.body(for: event))
        }
    }
}
