import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

/// Notifications through a real HTTP receiver on loopback, with the whole controller on test time.
@Suite struct NotificationDeliveryTests {
    @Test func aReceiverGetsSignedCloudEventsWhoseIdsAreTheAuditRecordIds() async throws {
        let bed = try await NotificationBed.make()
        try await bed.channel()
        try await bed.start()
        try await bed.h.create(AccessRequest.fixture())
        try await bed.h.waitFor("alice-edit", phase: .pending)
        try await bed.waitUntilSettled("alice-edit", entries: 1)
        try await bed.h.review("alice-edit", as: "bob")
        try await bed.h.waitFor("alice-edit", phase: .active)
        let ledger = try await bed.waitUntilSettled("alice-edit", entries: 3)

        let ids = bed.auditIDs("alice-edit", [.requested, .approved, .granted])
        #expect(ids.count == 3)
        #expect(Set(ledger.keys) == Set(ids))
        #expect(bed.receiver.uniqueIDs == ids, "in the order they happened")
        #expect(ledger.values.allSatisfy { $0.deliveries?["oncall"]?.result == "Delivered" })
        for notification in bed.receiver.received {
            #expect(notification.path == "/events")
            #expect(notification.headers["content-type"] == "application/cloudevents+json; charset=utf-8")
            #expect(notification.isSigned(with: NotificationBed.key))
            #expect(!notification.isSigned(with: Array("someone else's key, 32 bytes....".utf8)))
            let event = try #require(notification.json)
            let record = try #require(bed.h.audit.records.first { $0.id == notification.id })
            #expect(event["specversion"] == "1.0")
            #expect(event["id"]?.stringValue == record.id)
            #expect(event["type"]?.stringValue == "dev.drawbridge.accessrequest.\(record.action.rawValue.lowercased())")
            #expect(event["source"] == "/apis/drawbridge.dev/v1alpha1/accessrequests")
            #expect(event["subject"] == "demo/alice-edit")
            #expect(event["time"]?.stringValue == record.time.description)
            #expect(event["data"]?["message"]?.stringValue == record.message)
            #expect(event["data"]?["reason"] == "INC-4242: roll back checkout")
            #expect(event["data"]?["requester"] == "alice")
            #expect(event["data"]?["policy"] == "developers-edit")
        }
        // The channel says it is Ready and when it last delivered.
        let status = try await bed.waitForChannel("oncall", "shows its last delivery") { $0.lastDelivery != nil }
        let ready = try #require(status.conditions?.first)
        #expect(ready.type == "Ready")
        #expect(ready.status == .true)
        #expect(ready.message.hasPrefix("Delivers structured CloudEvents, signed, to http://127.0.0.1"))
        #expect(status.lastError == nil)
        #expect(bed.scrape.value("drawbridge_notifications_total", ["channel": "oncall", "result": "delivered"]) == 3)
        #expect(bed.scrape.help["drawbridge_notifications_total"]?.hasPrefix("Notification deliveries") == true)
        await bed.shutdown()
    }

    @Test func binaryModeSendsTheAttributesAsHeadersAndTheDataAsTheBody() async throws {
        let bed = try await NotificationBed.make(policies: [
            AccessPolicy.fixture(required: 0).notifying(.init(channel: "oncall", on: ["Granted"]))
        ])
        try await bed.channel(mode: "binary")
        try await bed.start()
        try await bed.h.create(AccessRequest.fixture())
        try await bed.waitUntilSettled("alice-edit", entries: 1)
        let notification = try #require(bed.receiver.received.first)
        #expect(bed.receiver.received.count == 1)
        #expect(notification.headers["ce-type"] == "dev.drawbridge.accessrequest.granted")
        #expect(notification.headers["ce-subject"] == "demo/alice-edit")
        #expect(notification.headers["ce-id"] == bed.auditIDs("alice-edit", [AuditAction.granted]).first)
        #expect(notification.headers["content-type"] == "application/json")
        #expect(notification.json?["action"] == "Granted")
        #expect(notification.json?["phase"] == "Active")
        #expect(notification.isSigned(with: NotificationBed.key))
        await bed.shutdown()
    }

    @Test func aSlackChannelGetsABlockKitMessage() async throws {
        let bed = try await NotificationBed.make(policies: [
            .fixture().notifying(.init(channel: "chat", on: ["Requested"]))
        ])
        try await bed.channel("chat", type: "slack", secret: ["url": bed.receiver.url])
        try await bed.start()
        try await bed.h.create(AccessRequest.fixture())
        try await bed.waitUntilSettled("alice-edit", entries: 1)
        let message = try #require(bed.receiver.received.first?.json)
        #expect(message["text"]?.stringValue?.hasPrefix("Access requested: ClusterRole/edit in demo.") == true)
        let blocks = try #require(message["blocks"]?.arrayValue)
        #expect(blocks.first?["type"] == "header")
        let commands = blocks.compactMap { $0["text"]?["text"]?.stringValue }.joined(separator: "\n")
        #expect(commands.contains("```kubectl drawbridge approve alice-edit -n demo```"))
        #expect(commands.contains("kubectl patch accessrequest alice-edit -n demo --subresource=status"))
        #expect(bed.receiver.received.first?.headers["webhook-signature"] == nil, "Slack messages are not signed")
        await bed.shutdown()
    }
}
