/// A `core/v1` Event: the short-lived, `kubectl describe`-visible half of the audit trail.
public struct Event: KubeResource {
    public static let apiVersion = "v1"
    public static let kind = "Event"
    public static let plural = "events"
    public static let isNamespaced = true

    /// `Normal` or `Warning`, the only two types Kubernetes accepts.
    public enum EventType: String, Codable, Hashable, Sendable {
        case normal = "Normal"
        case warning = "Warning"
    }

    /// The component that reported the event (`source` in core/v1).
    public struct Source: Codable, Hashable, Sendable {
        public var component: String?
        public var host: String?
        public init(component: String? = nil, host: String? = nil) {
            self.component = component
            self.host = host
        }
    }

    public var metadata: ObjectMeta
    public var involvedObject: ObjectReference
    /// CamelCase, e.g. `Granted`.
    public var reason: String?
    public var message: String?
    public var type: EventType?
    public var source: Source?
    public var firstTimestamp: KubeTime?
    public var lastTimestamp: KubeTime?
    public var count: Int32?
    public var eventTime: KubeMicroTime?
    public var action: String?
    public var reportingComponent: String?
    public var reportingInstance: String?

    public init(
        metadata: ObjectMeta, involvedObject: ObjectReference, reason: String, message: String, type: EventType,
        source: Source? = nil, firstTimestamp: KubeTime? = nil, lastTimestamp: KubeTime? = nil, count: Int32? = nil,
        eventTime: KubeMicroTime? = nil, action: String? = nil, reportingComponent: String? = nil,
        reportingInstance: String? = nil
    ) {
        self.metadata = metadata
        self.involvedObject = involvedObject
        self.reason = reason
        self.message = message
        self.type = type
        self.source = source
        self.firstTimestamp = firstTimestamp
        self.lastTimestamp = lastTimestamp
        self.count = count
        self.eventTime = eventTime
        self.action = action
        self.reportingComponent = reportingComponent
        self.reportingInstance = reportingInstance
    }

    enum CodingKeys: String, ObjectCodingKeys {
        case apiVersion, kind, metadata, involvedObject, reason, message, type, source, firstTimestamp
        case lastTimestamp, count, eventTime, action, reportingComponent, reportingInstance
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeHeader(of: Self.self)
        involvedObject = try c.decodeIfPresent(ObjectReference.self, forKey: .involvedObject) ?? ObjectReference()
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        message = try c.decodeIfPresent(String.self, forKey: .message)
        type = try c.decodeIfPresent(EventType.self, forKey: .type)
        source = try c.decodeIfPresent(Source.self, forKey: .source)
        firstTimestamp = try c.decodeIfPresent(KubeTime.self, forKey: .firstTimestamp)
        lastTimestamp = try c.decodeIfPresent(KubeTime.self, forKey: .lastTimestamp)
        count = try c.decodeIfPresent(Int32.self, forKey: .count)
        eventTime = try c.decodeIfPresent(KubeMicroTime.self, forKey: .eventTime)
        action = try c.decodeIfPresent(String.self, forKey: .action)
        reportingComponent = try c.decodeIfPresent(String.self, forKey: .reportingComponent)
        reportingInstance = try c.decodeIfPresent(String.self, forKey: .reportingInstance)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeHeader(of: self)
        try c.encode(involvedObject, forKey: .involvedObject)
        try c.encodeIfPresent(reason, forKey: .reason)
        try c.encodeIfPresent(message, forKey: .message)
        try c.encodeIfPresent(type, forKey: .type)
        try c.encodeIfPresent(source, forKey: .source)
        try c.encodeIfPresent(firstTimestamp, forKey: .firstTimestamp)
        try c.encodeIfPresent(lastTimestamp, forKey: .lastTimestamp)
        try c.encodeIfPresent(count, forKey: .count)
        try c.encodeIfPresent(eventTime, forKey: .eventTime)
        try c.encodeIfPresent(action, forKey: .action)
        try c.encodeIfPresent(reportingComponent, forKey: .reportingComponent)
        try c.encodeIfPresent(reportingInstance, forKey: .reportingInstance)
    }
}
