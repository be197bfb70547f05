import DrawbridgeAPI

/// A core/v1 Event the plan asks for: best effort, for `kubectl describe` (the audit log is the
/// durable record).
public struct PlannedEvent: Hashable, Sendable {
    public var type: Event.EventType
    public var reason: EventReason
    public var message: String
    /// What the Event is about: the request, or a binding whose request is gone.
    public var regarding: ObjectReference

    public init(type: Event.EventType, reason: EventReason, message: String, regarding: ObjectReference) {
        self.type = type
        self.reason = reason
        self.message = message
        self.regarding = regarding
    }
}
