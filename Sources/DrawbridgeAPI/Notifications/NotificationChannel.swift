/// Where Drawbridge sends notifications about AccessRequests: a webhook receiver (CloudEvents) or a
/// Slack incoming webhook (`drawbridge.dev/v1alpha1`, cluster-scoped, short name `nc`). The URL and
/// any key live in a Secret it names, never in the object, so reading channels reveals no secret.
public struct NotificationChannel: SpecAndStatusResource {
    public static let apiVersion = Drawbridge.apiVersion
    public static let kind = "NotificationChannel"
    public static let plural = "notificationchannels"
    public static let isNamespaced = false

    public var metadata: ObjectMeta
    public var spec: NotificationChannelSpec
    public var status: NotificationChannelStatus?
    /// Top-level members not modelled above, written back unchanged.
    public var unknownFields = UnknownFields()

    public init(metadata: ObjectMeta, spec: NotificationChannelSpec, status: NotificationChannelStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// The channel's name (cluster-scoped objects are keyed by name alone).
    public var name: String { metadata.name ?? "" }
}
