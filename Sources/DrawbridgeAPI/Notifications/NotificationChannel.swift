/// Where Drawbridge sends notifications about AccessRequests: a webhook receiver (CloudEvents) or a
/// Slack incoming webhook (`drawbridge.dev/v1alpha1`, cluster-scoped, short name `nc`). The URL and
/// any key live in a Secret it names, never in the object, so reading channels reveals no secret.
public struct NotificationChannel: KubeResource {
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

    enum CodingKeys: String, ObjectCodingKeys, CaseIterable { case apiVersion, kind, metadata, spec, status }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeHeader(of: Self.self)
        spec = try c.decode(NotificationChannelSpec.self, forKey: .spec)
        status = try c.decodeIfPresent(NotificationChannelStatus.self, forKey: .status)
        unknownFields = try UnknownFields(from: decoder, known: CodingKeys.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeHeader(of: self)
        try c.encode(spec, forKey: .spec)
        try c.encodeIfPresent(status, forKey: .status)
        try unknownFields.encode(to: encoder)
    }
}
