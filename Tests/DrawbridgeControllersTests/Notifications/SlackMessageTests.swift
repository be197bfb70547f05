import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

@Suite("Slack messages")
struct SlackMessageTests {
    @Test("A request waiting for approval: who, what where, how long, why, policy, approvals needed, commands")
    func requested() throws {
        try NotificationGolden.expect(
            SlackMessage.payload(for: try NotificationFixtures.event()), matches: "slack-requested")
    }

    @Test("A grant: who approved, when it expires, and how to revoke it")
    func granted() throws {
        let event = try NotificationFixtures.event(
            action: "Granted", request: .fixture(.phase(.active)),
            message:
                "ClusterRole/edit bound to User \"alice\" in namespace demo until 2027-01-15T08:32:00Z (RoleBinding drawbridge-alice-edit)."
        )
        try NotificationGolden.expect(SlackMessage.payload(for: event), matches: "slack-granted")
    }

    @Test("A cluster-wide request: cluster-wide in the header and Role, plain kubectl commands, its kind in context")
    func clusterWide() throws {
        try NotificationGolden.expect(
            SlackMessage.payload(for: try NotificationFixtures.clusterWideEvent()), matches: "slack-cluster-requested")
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
