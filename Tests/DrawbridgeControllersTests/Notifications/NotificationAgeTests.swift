import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import KubeClient
import Testing

/// The maximum age (`--notification-max-age`): a notification a receiver never took in time is given
/// up, not sent late, and the failure shows where a refusal shows.
@Suite struct NotificationAgeTests {
    @Test func aDeliveryNeverMadeWithinTheMaximumAgeIsGivenUpAndTheFailureShows() async throws {
        let bed = try await NotificationBed.make(policies: [
            AccessPolicy.fixture(required: 0).notifying(.init(channel: "oncall", on: ["Granted"]))
        ]) { _, _ in 503 }
        try await bed.channel()
        var settings = bed.settings()
        settings.maxAge = .seconds(600)
        try await bed.h.start(metrics: bed.metrics, notifications: settings)
        try await bed.h.create(AccessRequest.fixture())
        try await bed.h.eventually("the receiver was tried") { bed.receiver.received.isEmpty ? nil : true }

        // Test time moves on until the retries give up.
        let ledger = try await bed.h.eventually("the delivery is given up") {
            () async throws -> [String: NotificationRecord]? in
            let ledger = try await bed.ledger("alice-edit")
            if ledger.values.first?.deliveries?["oncall"] != nil { return ledger }
            await bed.h.clock.advance(by: .seconds(30))
            return nil
        }
        let reason = "not delivered within 10m of the event"
        let delivery = try #require(ledger.values.first?.deliveries?["oncall"])
        #expect(delivery.result == "Failed")
        #expect(delivery.message == reason)
        #expect(bed.receiver.accepted.isEmpty)
        #expect(bed.scrape.value("drawbridge_notifications_total", ["channel": "oncall", "result": "abandoned"]) == 1)
        #expect(
            (bed.scrape.value("drawbridge_notifications_total", ["channel": "oncall", "result": "retried"]) ?? 0) >= 1)
        try await bed.waitForChannel("oncall", "reports it") { $0.lastError?.message == reason }
        await (bed.h.controller?.reconciler.recorder as? EventRecorder)?.flush()
        let events = try await bed.h.emulator.client("admin").list(Event.self, namespace: "default").items
            .filter { $0.reason == "NotificationFailed" }
        #expect(events.count == 1)
        #expect(events.first?.message?.hasSuffix("was not delivered: \(reason).") == true)
        #expect(events.first?.message?.contains("(Granted of AccessRequest demo/alice-edit)") == true)
        await bed.shutdown()
    }
}
