import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

/// Golden files of the Slack messages, under Tests/DrawbridgeControllersTests/Notifications/Golden.
/// After an intended change, run the suite once with DRAWBRIDGE_RECORD_GOLDEN=1 to rewrite them,
/// and read the diff before committing it.
private func golden(_ name: String) -> String { "Tests/DrawbridgeControllersTests/Notifications/Golden/\(name).json" }

private func matchesGolden(_ payload: JSONValue, _ name: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    let text = String(decoding: try encoder.encode(payload), as: UTF8.self) + "\n"
    if ProcessInfo.processInfo.environment["DRAWBRIDGE_RECORD_GOLDEN"] == "1", let root = PackageRoot.url {
        try text.write(to: root.appendingPathComponent(golden(name)), atomically: true, encoding: .utf8)
    }
    #expect(text == (try PackageRoot.text(golden(name))), "\(name) differs from its golden file")
}

@Suite("Slack messages")
struct SlackMessageTests {
    @Test("A request waiting for approval: who, what where, how long, why, policy, approvals needed, commands")
    func requested() throws {
        try matchesGolden(SlackMessage.payload(for: try NotificationFixtures.event()), "slack-requested")
    }

    @Test("A grant: who approved, when it expires, and how to revoke it")
    func granted() throws {
        let event = try NotificationFixtures.event(
            action: "Granted", request: .fixture(.phase(.active)),
            message:
                "ClusterRole/edit bound to User \"alice\" in namespace demo until 2027-01-15T08:32:00Z (RoleBinding drawbridge-alice-edit)."
        )
        try matchesGolden(SlackMessage.payload(for: event), "slack-granted")
    }

    @Test("What a requester wrote cannot mention @channel or smuggle a link")
    func escaping() throws {
        let request = AccessRequest.fixture(
            reason: "<!channel> see <https://evil.example|the ticket> & hurry", .phase(.pending))
        let payload = SlackMessage.payload(for: try NotificationFixtures.event(request: request))
        let text = String(decoding: try JSONCoding.encoder.encode(payload), as: UTF8.self)
        #expect(text.contains("&lt;!channel&gt; see &lt;https://evil.example|the ticket&gt; &amp; hurry"))
        #expect(!text.contains("<!channel>"))
        #expect(!text.contains("<https://evil"))
    }

    @Test("Every action has its own headline")
    func headlines() throws {
        var seen = Set<String>()
        for action in NotificationAction.routable {
            let payload = SlackMessage.payload(for: try NotificationFixtures.event(action: action.rawValue))
            let headline = try #require(payload["blocks"]?.arrayValue?.first?["text"]?["text"]?.stringValue)
            #expect(headline.hasSuffix(": ClusterRole/edit in demo"))
            #expect(!headline.hasPrefix("AccessRequest "), "\(action) has no headline of its own")
            seen.insert(headline)
        }
        #expect(seen.count == NotificationAction.routable.count)
    }
}
