import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

/// The event data every webhook test expects: the schema's fields for a pending request.
private let data = """
    {
      "action": "Requested",
      "approvals": {"approvedBy": [], "approvers": "group sre", "required": 1, "stillNeeded": 1},
      "commands": {
        "approve": "kubectl drawbridge approve alice-edit -n demo",
        "approveWithPatch": "kubectl patch accessrequest alice-edit -n demo --subresource=status --type=merge -p '{\\"status\\":{\\"review\\":{\\"decision\\":\\"Approve\\",\\"comment\\":\\"...\\"}}}'",
        "deny": "kubectl drawbridge deny alice-edit -n demo",
        "describe": "kubectl describe accessrequest alice-edit -n demo"
      },
      "duration": "30m",
      "id": "0123456789abcdef0123456789abcdef",
      "message": "User \\"alice\\" requested ClusterRole/edit in namespace demo for 30m under AccessPolicy \\"developers-edit\\".",
      "namespace": "demo",
      "phase": "Pending",
      "policy": "developers-edit",
      "reason": "INC-4242: roll back checkout",
      "request": {"name": "alice-edit", "namespace": "demo", "uid": "uid-alice-edit"},
      "requester": "alice",
      "role": "ClusterRole/edit",
      "subject": "User \\"alice\\"",
      "time": "2027-01-15T08:01:00Z"
    }
    """

@Suite("CloudEvents for webhook channels")
struct CloudEventEncodingTests {
    static let target = ChannelCheck.Target(
        kind: .webhook(binary: false), url: "https://hooks.example.com/events", signingKey: NotificationFixtures.key)

    @Test("Structured mode: the whole event is the body, with the CloudEvents attributes and the data")
    func structured() throws {
        let request = try NotificationHTTPRequest.make(
            try NotificationFixtures.event(), to: Self.target, source: CloudEventEncoding.defaultSource,
            now: Fixtures.at(61))
        #expect(request.url == "https://hooks.example.com/events")
        #expect(request.header("content-type") == "application/cloudevents+json; charset=utf-8")
        var expected = try NotificationFixtures.json(data)
        let body = try NotificationFixtures.json(request.body)
        #expect(body["data"] == expected)
        expected = body
        expected["data"] = nil
        #expect(
            expected
                == .object([
                    "specversion": "1.0", "type": "dev.drawbridge.accessrequest.requested",
                    "source": "/apis/drawbridge.dev/v1alpha1/accessrequests", "id": "0123456789abcdef0123456789abcdef",
                    "subject": "demo/alice-edit", "time": "2027-01-15T08:01:00Z",
                    "datacontenttype": "application/json",
                ]))
        #expect(request.headers.contains { $0.name.hasPrefix("ce-") } == false)
    }

    @Test("Binary mode: the attributes are ce-* headers and the body is the data")
    func binary() throws {
        var target = Self.target
        target.kind = .webhook(binary: true)
        let request = try NotificationHTTPRequest.make(
            try NotificationFixtures.event(action: "Granted"), to: target, source: "/clusters/prod",
            now: Fixtures.at(61))
        #expect(
            request.headers.map { "\($0.name): \($0.value)" }.prefix(7) == [
                "Content-Type: application/json", "ce-specversion: 1.0",
                "ce-type: dev.drawbridge.accessrequest.granted",
                "ce-source: /clusters/prod", "ce-id: 0123456789abcdef0123456789abcdef", "ce-subject: demo/alice-edit",
                "ce-time: 2027-01-15T08:01:00Z",
            ])
        var expected = try NotificationFixtures.json(data)
        expected["action"] = "Granted"
        #expect(try NotificationFixtures.json(request.body) == expected)
    }

    @Test("Signed the Standard Webhooks way: id, timestamp and body under the channel's key")
    func signature() throws {
        let request = try NotificationHTTPRequest.make(
            try NotificationFixtures.event(), to: Self.target, source: CloudEventEncoding.defaultSource,
            now: Fixtures.at(61))
        let id = try #require(request.header("webhook-id"))
        let timestamp = try #require(request.header("webhook-timestamp"))
        let signature = try #require(request.header("webhook-signature"))
        #expect(id == NotificationFixtures.id)
        #expect(timestamp == "1800000061")
        #expect(signature.hasPrefix("v1,"))
        let key = NotificationFixtures.key
        #expect(WebhookSignature.verify(header: signature, id: id, timestamp: timestamp, body: request.body, key: key))
        // Any change to the body, the time, the id or the key fails it.
        #expect(
            !WebhookSignature.verify(
                header: signature, id: id, timestamp: timestamp, body: request.body + [32], key: key))
        #expect(
            !WebhookSignature.verify(header: signature, id: id, timestamp: "1800000062", body: request.body, key: key))
        #expect(
            !WebhookSignature.verify(header: signature, id: "other", timestamp: timestamp, body: request.body, key: key)
        )
        #expect(
            !WebhookSignature.verify(
                header: signature, id: id, timestamp: timestamp, body: request.body, key: Array("another key".utf8)))
        // The value is HMAC-SHA256 over "id.timestamp.body", base64: a known answer.
        #expect(
            WebhookSignature.signature(
                id: "msg_1", timestamp: "1700000000", body: Array("{}".utf8), key: Array("k".utf8))
                == "LTBsW2zNVsMNlXYZbgw/T+jGxr1msQBcXoa3h1dR9wQ=")
    }
}
