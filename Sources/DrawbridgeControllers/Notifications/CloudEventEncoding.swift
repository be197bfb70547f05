import Crypto
import DrawbridgeAPI
import DrawbridgeCore
import Foundation

/// A notification as a CloudEvents 1.0 HTTP request, in structured mode (the whole event is the
/// `application/cloudevents+json` body) or binary mode (attributes as `ce-*` headers, the data as
/// the `application/json` body), signed the Standard Webhooks way so receivers can check it came
/// from this controller and is fresh.
public enum CloudEventEncoding {
    /// The `source` of every event: the collection its subjects (`namespace/name`) live in.
    public static let defaultSource = "/apis/\(Drawbridge.apiVersion)/accessrequests"

    /// The event's context attributes, in the order the specification lists them.
    static func attributes(of event: NotificationEvent, source: String) -> [(String, String)] {
        [
            ("specversion", "1.0"),
            ("type", NotificationAction(rawValue: event.action)?.cloudEventType ?? "dev.drawbridge.accessrequest"),
            ("source", source),
            ("id", event.id),
            // `namespace/name`, or the name alone for a ClusterAccessRequest (which has no namespace).
            (
                "subject",
                event.request.namespace.isEmpty
                    ? event.request.name : "\(event.request.namespace)/\(event.request.name)"
            ),
            ("time", event.time.description),
            ("datacontenttype", "application/json"),
        ]
    }

    /// The request to `url`, signed with `key` at `now`.
    static func request(
        for event: NotificationEvent, url: String, key: [UInt8], binary: Bool, source: String, now: Date
    ) throws -> NotificationHTTPRequest {
        let data = try JSONCoding.encoder.encode(event)
        let attributes = attributes(of: event, source: source)
        var headers: [NotificationHTTPRequest.Header]
        let body: [UInt8]
        if binary {
            headers = [.init("Content-Type", "application/json")]
            headers += attributes.filter { $0.0 != "datacontenttype" }.map { .init("ce-\($0.0)", $0.1) }
            body = Array(data)
        } else {
            headers = [.init("Content-Type", "application/cloudevents+json; charset=utf-8")]
            var envelope: [String: JSONValue] = [:]
            for (name, value) in attributes { envelope[name] = .string(value) }
            envelope["data"] = try JSONCoding.decoder.decode(JSONValue.self, from: data)
            body = Array(try JSONCoding.encoder.encode(JSONValue.object(envelope)))
        }
        headers += WebhookSignature.headers(id: event.id, timestamp: now, body: body, key: key)
        return NotificationHTTPRequest(url: url, headers: headers, body: body)
    }
}

/// Standard Webhooks signatures: `webhook-id`, `webhook-timestamp` (Unix seconds) and
/// `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`. The timestamp is signed,
/// so a receiver refuses replays older than it tolerates; the id is signed, so it can dedupe.
public enum WebhookSignature {
    /// The three headers for a body with `id`, sent at `timestamp`.
    public static func headers(id: String, timestamp: Date, body: [UInt8], key: [UInt8])
        -> [NotificationHTTPRequest.Header]
    {
        let seconds = String(Int64(timestamp.timeIntervalSince1970.rounded(.down)))
        return [
            .init("webhook-id", id),
            .init("webhook-timestamp", seconds),
            .init("webhook-signature", "v1,\(signature(id: id, timestamp: seconds, body: body, key: key))"),
        ]
    }

    /// base64 HMAC-SHA256 over `id.timestamp.body`.
    public static func signature(id: String, timestamp: String, body: [UInt8], key: [UInt8]) -> String {
        let content = Array("\(id).\(timestamp).".utf8) + body
        let mac = HMAC<SHA256>.authenticationCode(for: content, using: SymmetricKey(data: key))
        return Data(mac).base64EncodedString()
    }

    /// True when `header` (one or more space-separated `v1,<sig>`) holds the signature of the body:
    /// what a receiver checks, here for the tests and the dev receiver.
    public static func verify(header: String, id: String, timestamp: String, body: [UInt8], key: [UInt8]) -> Bool {
        let content = Array("\(id).\(timestamp).".utf8) + body
        return header.split(separator: " ").contains { part in
            guard part.hasPrefix("v1,"), let mac = Data(base64Encoded: String(part.dropFirst(3))) else { return false }
            return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: content, using: SymmetricKey(data: key))
        }
    }
}
