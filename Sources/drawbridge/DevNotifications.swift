import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import Foundation

/// `drawbridge dev`'s notifications: a built-in channel, `dev-terminal`, whose receiver runs in the
/// process and prints each notification to the terminal (checking its signature), and optionally
/// the example webhook channel pointed at `--notify-url`. The example policies are routed to them.
struct DevNotifications {
    /// The built-in channel's name.
    static let terminalChannel = "dev-terminal"
    /// The example webhook channel (examples/notifications/webhook-channel.yaml).
    static let exampleWebhookChannel = "local-webhook"

    /// The built-in receiver's URL.
    let terminalURL: String
    /// The built-in channel's HMAC key (random per run).
    let terminalKey: [UInt8]
    /// Where the example webhook channel points, when `--notify-url` is given.
    let notifyURL: String?

    /// The channels dev creates.
    var channels: Set<String> {
        notifyURL == nil ? [Self.terminalChannel] : [Self.terminalChannel, Self.exampleWebhookChannel]
    }

    /// The Secret and NotificationChannel of the built-in channel.
    var terminalManifests: [JSONValue] {
        [
            .object([
                "apiVersion": "v1", "kind": "Secret",
                "metadata": .object(["name": .string(Self.terminalChannel), "namespace": "drawbridge-system"]),
                "data": .object([
                    "url": .string(Data(terminalURL.utf8).base64EncodedString()),
                    "signingKey": .string(Data(terminalKey).base64EncodedString()),
                ]),
            ]),
            .object([
                "apiVersion": .string(NotificationChannel.apiVersion), "kind": .string(NotificationChannel.kind),
                "metadata": .object(["name": .string(Self.terminalChannel)]),
                "spec": .object([
                    "type": .string(NotificationChannelSpec.webhook),
                    "secretRef": .object(["name": .string(Self.terminalChannel)]),
                ]),
            ]),
        ]
    }

    /// `document` as dev applies it: an AccessPolicy also notifies the terminal of everything, and
    /// keeps only the routes to channels dev creates (so the placeholder Slack channel stays quiet);
    /// the example webhook Secret points at `--notify-url`.
    func adapt(_ document: JSONValue) -> JSONValue {
        var document = document
        switch document["kind"]?.stringValue {
        case AccessPolicy.kind:
            let routes = (document["spec"]?["notify"]?.arrayValue ?? []).filter {
                channels.contains($0["channel"]?.stringValue ?? "")
            }
            let everything = NotificationAction.routable.map { JSONValue.string($0.rawValue) }
            let terminal: JSONValue = .object(["channel": .string(Self.terminalChannel), "on": .array(everything)])
            document["spec"]?["notify"] = .array(routes + [terminal])
        case "Secret" where document["metadata"]?["name"]?.stringValue == Self.exampleWebhookChannel:
            if let notifyURL { document["stringData"]?["url"] = .string(notifyURL) }
        default:
            break
        }
        return document
    }

    /// One notification as the terminal shows it: what happened, to which request, and for a
    /// request that waits, the command that approves it.
    static func describe(_ notification: ReceivedNotification, key: [UInt8]) -> String {
        let event = notification.json
        let data = event?["data"]
        let action = data?["action"]?.stringValue ?? "?"
        let request =
            "\(data?["request"]?["namespace"]?.stringValue ?? "?")/\(data?["request"]?["name"]?.stringValue ?? "?")"
        let signed = notification.isSigned(with: key) ? "signed" : "BAD SIGNATURE"
        var text =
            "notification \(action) \(request): \(data?["message"]?.stringValue ?? "") (\(signed), id \(notification.id ?? "?"))"
        if action == "Requested", let approve = data?["commands"]?["approve"]?.stringValue {
            text += "\n  approve with: \(approve)"
        }
        return text
    }
}
