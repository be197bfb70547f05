import DrawbridgeAPI

/// Writes core/v1 Events about an object, so every decision is visible in `kubectl describe`
/// (conventions: every decision emits an Event with a CamelCase reason). A protocol so controller
/// tests can capture events instead of reading them back from the API server.
public protocol EventRecording: Sendable {
    /// Records an event of `type` with a CamelCase `reason` about `regarding`. Best effort: never throws.
    func record(_ type: Event.EventType, reason: String, message: String, regarding: ObjectReference) async
}
