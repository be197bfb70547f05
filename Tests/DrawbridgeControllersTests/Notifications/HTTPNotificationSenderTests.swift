import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import NIOCore
import Testing

/// The real sender against a loopback receiver.
@Suite struct HTTPNotificationSenderTests {
    /// The conversion alone: a real send with a sub-second deadline would race the machine's load.
    @Test(
        "A timeout under a second (--notification-timeout 900ms) keeps its fraction, not zero",
        arguments: [
            (Duration.milliseconds(900), Int64(900_000_000)), (.milliseconds(1500), 1_500_000_000),
            (.seconds(2), 2_000_000_000), (.microseconds(1), 1_000),
        ])
    func subSecondTimeouts(timeout: Duration, nanoseconds: Int64) {
        #expect(HTTPNotificationSender.timeAmount(timeout).nanoseconds == nanoseconds)
    }

    @Test("A delivery reaches the receiver with Drawbridge's User-Agent and is answered")
    func delivery() async throws {
        let receiver = try await NotificationReceiverFixture.start()
        let sender = HTTPNotificationSender()
        let request = NotificationHTTPRequest(
            url: receiver.url, headers: [.init("Content-Type", "application/json")], body: Array("{}".utf8))
        let outcome = await sender.send(request, timeout: .seconds(30))
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
