import DrawbridgeAPI
import DrawbridgeTesting
import Foundation
import Testing

/// Golden files of what notifications send, under Tests/DrawbridgeControllersTests/Notifications/Golden:
/// the Slack messages, and the CloudEvents that conformance/python/test_notification_schema.py checks
/// against docs/notifications.schema.json. After an intended change, run the suites once with
/// DRAWBRIDGE_RECORD_GOLDEN=1 to rewrite them, and read the diff before committing it.
enum NotificationGolden {
    static func path(_ name: String) -> String { "Tests/DrawbridgeControllersTests/Notifications/Golden/\(name).json" }

    /// Expects `payload`, pretty-printed with sorted keys, to be the golden file `name`.
    static func expect(_ payload: JSONValue, matches name: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(payload), as: UTF8.self) + "\n"
        if ProcessInfo.processInfo.environment["DRAWBRIDGE_RECORD_GOLDEN"] == "1", let root = PackageRoot.url {
            try text.write(to: root.appendingPathComponent(path(name)), atomically: true, encoding: .utf8)
        }
        #expect(text == (try PackageRoot.text(path(name))), "\(name) differs from its golden file")
    }
}
