import DrawbridgeAPI
import DrawbridgeCore
import Foundation

/// The event printer shared by `v1` and `events.k8s.io/v1` events (the API server converts both to
/// one internal type before printing).
///
/// Exists because `kubectl get events` shows Last Seen, Type, Reason, Object and Message from the
/// server's Table; the emulator reads either wire shape (`involvedObject`/`message`/`source` or
/// `regarding`/`note`/`reportingController`/`deprecated*`) and prints the same row.
public enum EventPrinter {
    /// Last Seen, Type, Reason, Object, Subobject (wide), Source (wide), Message, First Seen (wide),
    /// Count (wide), Name (wide). There is no leading Name column.
    public static let columns: [TableColumn] = [
        TableColumn(
            name: "Last Seen", description: "The time at which the most recent occurrence of this event was recorded."),
        TableColumn(
            name: "Type", description: "Type of this event (Normal, Warning), new types could be added in the future"),
        TableColumn(
            name: "Reason",
            description:
                "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."
        ),
        TableColumn(name: "Object", description: "The object that this event is about."),
        TableColumn(
            name: "Subobject",
            description:
                "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].",
            priority: 1),
        TableColumn(
            name: "Source",
            description: "The component reporting this event. Should be a short machine understandable string.",
            priority: 1),
        TableColumn(name: "Message", description: "A human-readable description of the status of this operation."),
        TableColumn(
            name: "First Seen",
            description: "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)",
            priority: 1),
        TableColumn(name: "Count", description: "The number of times this event has occurred.", priority: 1),
        TableColumn(name: "Name", format: "name", description: TableColumn.nameDescription, priority: 1),
    ]

    /// The printer value used by `RowPrinter.printer(for:)`.
    public static let printer = RowPrinter(columns: columns) { object, now in cells(object, now: now) }

    /// One event's cells. Last Seen is the series' last observation, else `lastTimestamp`, else
    /// First Seen; First Seen is `firstTimestamp`, else `eventTime`, else `creationTimestamp`.
    public static func cells(_ event: JSONValue, now: Date) -> [JSONValue] {
        let involved = event["involvedObject"] ?? event["regarding"] ?? .object([:])
        let kind = (involved["kind"]?.stringValue ?? "").lowercased()
        let name = involved["name"]?.stringValue ?? ""
        let target = name.isEmpty ? kind : "\(kind)/\(name)"

        let firstSeen =
            firstPresent(event, ["firstTimestamp", "deprecatedFirstTimestamp", "eventTime"])
            ?? event[path: ["metadata", "creationTimestamp"]]
        let series = event["series"]
        let lastSeen =
            series?["lastObservedTime"] ?? firstPresent(event, ["lastTimestamp", "deprecatedLastTimestamp"])
            ?? firstSeen

        var count = series?["count"]?.intValue ?? (event["count"] ?? event["deprecatedCount"])?.intValue ?? 0
        if count == 0 { count = 1 }  // singleton events of the new API carry no count

        let source = event["source"] ?? event["deprecatedSource"]
        let component =
            nonEmpty(source?["component"]?.stringValue)
            ?? nonEmpty(event["reportingComponent"]?.stringValue)
            ?? event["reportingController"]?.stringValue ?? ""
        let host = nonEmpty(source?["host"]?.stringValue) ?? event["reportingInstance"]?.stringValue ?? ""
        let sourceText = component.isEmpty ? "" : (host.isEmpty ? component : "\(component), \(host)")

        let message = (event["message"] ?? event["note"])?.stringValue ?? ""
        return [
            .string(HumanDuration.age(of: lastSeen, now: now)),
            .string(event["type"]?.stringValue ?? ""),
            .string(event["reason"]?.stringValue ?? ""),
            .string(target),
            .string(involved["fieldPath"]?.stringValue ?? ""),
            .string(sourceText),
            .string(message.trimmingCharacters(in: .whitespacesAndNewlines)),
            .string(HumanDuration.age(of: firstSeen, now: now)),
            .int(count),
            PrintedField.name(event),
        ]
    }

    /// The first of `keys` holding a non-empty string.
    private static func firstPresent(_ event: JSONValue, _ keys: [String]) -> JSONValue? {
        for key in keys {
            if let value = event[key], let text = value.stringValue, !text.isEmpty { return value }
        }
        return nil
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
