/// What kind of receiver a channel is and where its secrets are.
///
/// `type` and `webhook.contentMode` stay strings so that a channel with a value this controller does
/// not know still decodes and gets a clear condition instead of an opaque decoding error.
public struct NotificationChannelSpec: Codable, Hashable, Sendable {
    /// The channel types Drawbridge delivers to.
    public static let supportedTypes = [webhook, slack]
    /// HTTP POST of a CloudEvents 1.0 event, signed with an HMAC key.
    public static let webhook = "webhook"
    /// A Slack incoming webhook, posted a Block Kit message.
    public static let slack = "slack"

    /// `webhook` or `slack`.
    public var type: String
    /// The Secret (in the controller's namespace) holding `url` and, for webhooks, `signingKey`.
    public var secretRef: SecretReference
    /// Settings of a `webhook` channel.
    public var webhook: WebhookChannelSettings?
    /// Allow plain `http://` to a host that is not loopback. Off by default: the notification and
    /// its signature would cross the network in clear text.
    public var allowInsecureHTTP: Bool?

    public init(
        type: String, secretRef: SecretReference, webhook: WebhookChannelSettings? = nil,
        allowInsecureHTTP: Bool? = nil
    ) {
        self.type = type
        self.secretRef = secretRef
        self.webhook = webhook
        self.allowInsecureHTTP = allowInsecureHTTP
    }
}

/// A Secret by name, in the namespace Drawbridge runs in (a channel is cluster-scoped; the
/// controller reads Secrets of its own namespace only).
public struct SecretReference: Codable, Hashable, Sendable {
    public var name: String

    public init(name: String) {
        self.name = name
    }
}

/// How a `webhook` channel encodes its CloudEvents.
public struct WebhookChannelSettings: Codable, Hashable, Sendable {
    /// The CloudEvents HTTP content modes.
    public static let supportedContentModes = [structured, binary]
    /// The whole event as the JSON body (`application/cloudevents+json`): the default.
    public static let structured = "structured"
    /// The attributes as `ce-*` headers and the event's data as the JSON body.
    public static let binary = "binary"

    /// `structured` (default) or `binary`.
    public var contentMode: String?

    public init(contentMode: String? = nil) {
        self.contentMode = contentMode
    }
}

/// What the controller last did with a channel, for `kubectl get nc` and `kubectl describe`.
public struct NotificationChannelStatus: Codable, Hashable, Sendable {
    /// `Ready`: whether the channel's Secret and URL are usable.
    public var conditions: [Condition]?
    /// The last notification a receiver accepted.
    public var lastDelivery: NotificationAttempt?
    /// The last delivery that failed (retried or given up), with the receiver's answer.
    public var lastError: NotificationAttempt?
    /// The `metadata.generation` the conditions were computed from.
    public var observedGeneration: Int64?

    public init(
        conditions: [Condition]? = nil, lastDelivery: NotificationAttempt? = nil,
        lastError: NotificationAttempt? = nil, observedGeneration: Int64? = nil
    ) {
        self.conditions = conditions
        self.lastDelivery = lastDelivery
        self.lastError = lastError
        self.observedGeneration = observedGeneration
    }
}

/// One delivery attempt as a channel's status shows it.
public struct NotificationAttempt: Codable, Hashable, Sendable {
    public var time: KubeTime
    /// The notification's id (the CloudEvent id).
    public var id: String?
    /// What it told of (`Requested`, `Granted`, ...).
    public var action: String?
    /// The AccessRequest, as `namespace/name`.
    public var request: String?
    /// For an error: what went wrong, in one sentence.
    public var message: String?

    public init(
        time: KubeTime, id: String? = nil, action: String? = nil, request: String? = nil, message: String? = nil
    ) {
        self.time = time
        self.id = id
        self.action = action
        self.request = request
        self.message = message
    }
}
