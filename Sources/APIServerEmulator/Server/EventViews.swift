import DrawbridgeAPI

/// One storage, two APIs: core/v1 Events and events.k8s.io/v1 Events are the same objects under
/// different field names (`note` for `message`, `regarding` for `involvedObject`, ...). Stored
/// objects use the core/v1 names.
enum EventViews {
    /// events.k8s.io/v1 name → core/v1 name.
    static let renames: [(v1: String, core: String)] = [
        ("regarding", "involvedObject"), ("note", "message"), ("reportingController", "reportingComponent"),
        ("deprecatedSource", "source"), ("deprecatedFirstTimestamp", "firstTimestamp"),
        ("deprecatedLastTimestamp", "lastTimestamp"), ("deprecatedCount", "count"),
    ]

    /// An events.k8s.io/v1 Event in core/v1 shape.
    static func toCoreV1(_ event: JSONValue) -> JSONValue {
        var fields = event.objectValue ?? [:]
        for (v1, core) in renames {
            if let value = fields.removeValue(forKey: v1) { fields[core] = value }
        }
        fields["apiVersion"] = "v1"
        fields["kind"] = "Event"
        return .object(fields)
    }

    /// A stored (core/v1 shaped) Event in events.k8s.io/v1 shape.
    static func toEventsV1(_ event: JSONValue) -> JSONValue {
        var fields = event.objectValue ?? [:]
        for (v1, core) in renames {
            if let value = fields.removeValue(forKey: core) { fields[v1] = value }
        }
        fields["apiVersion"] = "events.k8s.io/v1"
        fields["kind"] = "Event"
        return .object(fields)
    }
}
