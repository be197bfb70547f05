import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Testing

/// The real sender against a loopback receiver.
@Suite struct HTTPNotificationSenderTests {
    @Test(
        "A timeout under a second (--notification-timeout 900ms) leaves the receiver that long, not zero",
        arguments: [Duration.milliseconds(900), .milliseconds(1500), .seconds(2)])
    func subSecondTimeouts(timeout: Duration) async throws {
        let receiver = try await NotificationReceiverFixture.start()
        let sender = HTTPNotificationSender()
        let request = NotificationHTTPRequest(
            url: receiver.url, headers: [.init("Content-Type", "application/json")], body: Array("{}".utf8))
        let outcome = await sender.send(request, timeout: timeout)
        try? await sender.shutdown()
        await receiver.stop()
        #expect(outcome == .answered(status: 200, retryAfter: nil))
        #expect(receiver.received.first?.headers["user-agent"] == "drawbridge-notifications")
    }

    @Test("A Slack message is JSON, unsigned")
    func slackRequest() throws {
        let request = try NotificationHTTPRequest.make(
            try NotificationFixtures.event(),
            to: ChannelCheck.Target(kind: .slack, url: "https://hooks.slack.com/services/T0/B0/x"),
            source: CloudEventEncoding.defaultSource, now: Fixtures.at(61))
        #expect(request.url == "https://hooks.slack.com/services/T0/B0/x")
        #expect(request.headers.map(\.name) == ["Content-Type"])
        #expect(request.header("content-type") == "application/json; charset=utf-8")
    }
}
