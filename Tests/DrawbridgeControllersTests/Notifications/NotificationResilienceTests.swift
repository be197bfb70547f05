import APIServerEmulator
import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import KubeClient
import Testing

/// At least once, never lost, never in the way: receivers that are down, controllers that die
/// between a grant and its notification, leaders that change, receivers that refuse.
@Suite struct NotificationResilienceTests {
    /// The three notifications of an approval flow: alice asks, bob approves, the grant is made.
    static func approvalFlow(_ bed: NotificationBed) async throws {
        try await bed.h.create(AccessRequest.fixture())
        try await bed.h.waitFor("alice-edit", phase: .pending)
        try await bed.h.review("alice-edit", as: "bob")
        try await bed.h.waitFor("alice-edit", phase: .active)
        #expect(try await bed.h.binding(of: "alice-edit") != nil, "the grant is made whatever the receiver does")
    }

    /// Moves test time on a second at a time until `probe` holds (backoffs sleep on test time).
    static func advanceUntil(_ bed: NotificationBed, _ what: String, _ probe: () async throws -> Bool) async throws {
        try await bed.h.eventually(what) {
            if try await probe() { return true }
            await bed.h.clock.advance(by: .seconds(1))
            return nil
        }
    }

    @Test func aReceiverThatIsDownIsRetriedAndGetsEachNotificationOnceItIsBack() async throws {
        let bed = try await NotificationBed.make { _, _ in 503 }
        try await bed.channel()
        try await bed.start()
        try await Self.approvalFlow(bed)
        try await bed.h.eventually("the receiver was tried") { bed.receiver.received.isEmpty ? nil : true }
        #expect(try await bed.ledger("alice-edit").values.allSatisfy { $0.deliveries == nil })
        let status = try await bed.waitForChannel("oncall", "reports the error") { $0.lastError != nil }
        #expect(status.lastError?.message == "the receiver answered HTTP 503; retrying")
        #expect(status.lastError?.request == "demo/alice-edit")
        #expect(status.conditions?.first?.status == .true, "a receiver that is down does not make the channel unready")

        bed.receiver.answer { _, _ in 200 }
        try await Self.advanceUntil(bed, "every notification is delivered") {
            try await bed.ledger("alice-edit").values.allSatisfy { $0.deliveries?["oncall"]?.result == "Delivered" }
        }
        let ids = bed.auditIDs("alice-edit", [.requested, .approved, .granted])
        #expect(bed.receiver.uniqueIDs == ids)
        #expect(bed.receiver.accepted == ids, "each accepted once, in order")
        let attempts = try await bed.ledger("alice-edit").values.compactMap { $0.deliveries?["oncall"]?.attempts }
        #expect(attempts.allSatisfy { $0 >= 1 })
        #expect(
            (bed.scrape.value("drawbridge_notifications_total", ["channel": "oncall", "result": "retried"]) ?? 0) >= 1)
        await bed.shutdown()
    }

    @Test func aControllerKilledBetweenTheGrantAndTheDeliveryDeliversAfterRestartOncePerId() async throws {
        let bed = try await NotificationBed.make { _, _ in 503 }
        try await bed.channel()
        try await bed.start()
        try await Self.approvalFlow(bed)
        try await bed.h.eventually("the receiver was tried") { bed.receiver.received.isEmpty ? nil : true }
        await bed.h.stop()
        #expect(try await bed.ledger("alice-edit").count == 3, "what is owed is in the cluster, not in memory")

        bed.receiver.answer { _, _ in 200 }
        try await bed.start()
        try await bed.waitUntilSettled("alice-edit", entries: 3)
        let ids = bed.auditIDs("alice-edit", [.requested, .approved, .granted])
        #expect(bed.receiver.uniqueIDs == ids)
        #expect(bed.receiver.accepted == ids)

        // Once recorded, a restart sends nothing again.
        let seen = bed.receiver.received.count
        await bed.h.stop()
        try await bed.start()
        try await bed.quiet()
        #expect(bed.receiver.received.count == seen)
        await bed.shutdown()
    }

    @Test func aDeliveryWhoseOutcomeWasNotRecordedIsSentAgainWithTheSameId() async throws {
        let bed = try await NotificationBed.make(policies: [
            AccessPolicy.fixture(required: 0).notifying(.init(channel: "oncall", on: ["Granted"]))
        ])
        try await bed.channel()
        // The API server refuses the controller's record of the delivery: the receiver has it, the
        // cluster does not know.
        bed.h.api.faults.add(
            .init(failure: FaultInjector.serverError) { request in
                request.method == "PATCH" && request.path.hasSuffix("/accessrequests/alice-edit/status")
                    && request.headers["authorization"] == "Bearer controller-harness"
            })
        try await bed.start()
        try await bed.h.create(AccessRequest.fixture())
        try await bed.h.eventually("the receiver got the grant") { bed.receiver.received.isEmpty ? nil : true }
        await bed.h.stop()
        #expect(try await bed.ledger("alice-edit").values.first?.deliveries == nil)

        bed.h.api.faults.reset()
        try await bed.start()
        try await bed.waitUntilSettled("alice-edit", entries: 1)
        let id = try #require(bed.auditIDs("alice-edit", [.granted]).first)
        #expect(bed.receiver.received.map(\.id) == [id, id], "at least once: sent again, with the same id")
        #expect(bed.receiver.uniqueIDs == [id], "a receiver that drops duplicates sees it once")
        await bed.shutdown()
    }

    @Test func whenTheLeaderDiesTheNewLeaderDeliversWhatWasOwed() async throws {
        let bed = try await NotificationBed.make { _, _ in 503 }
        try await bed.channel()
        let election = { (identity: String, release: Bool) in
            AccessRequestController.Options(
                leaderElection: LeaderElectionConfig(identity: identity, releaseOnCancel: release))
        }
        let a = bed.h.makeController(options: election("a", false), notifications: bed.settings())
        let b = bed.h.makeController(options: election("b", true), notifications: bed.settings())
        let runA = Task { await a.run() }
        try await bed.h.eventually("a leads") { a.isReconciling && a.isReady ? true : nil }
        let runB = Task { await b.run() }
        try await bed.h.eventually("b is ready as a standby") { b.isReady ? true : nil }
        try await Self.approvalFlow(bed)
        try await bed.h.eventually("a tried the receiver") { bed.receiver.received.isEmpty ? nil : true }
        #expect(!b.isReconciling)

        // a dies without releasing its lease; the receiver comes back; b takes over.
        runA.cancel()
        await runA.value
        bed.receiver.answer { _, _ in 200 }
        try await Self.advanceUntil(bed, "b leads and delivered everything") {
            let ledger = try await bed.ledger("alice-edit")
            return b.isReconciling && ledger.values.allSatisfy { $0.deliveries?["oncall"]?.result == "Delivered" }
        }
        let ids = bed.auditIDs("alice-edit", [.requested, .approved, .granted])
        #expect(bed.receiver.uniqueIDs == ids)
        #expect(bed.receiver.accepted == ids)
        runB.cancel()
        await runB.value
        await bed.shutdown()
    }

    @Test func aReceiverThatRefusesIsNotRetriedAndTheFailureShows() async throws {
        let bed = try await NotificationBed.make { _, _ in 404 }
        try await bed.channel()
        try await bed.start()
        try await Self.approvalFlow(bed)
        let ledger = try await bed.waitUntilSettled("alice-edit", entries: 3)
        for record in ledger.values {
            let delivery = try #require(record.deliveries?["oncall"])
            #expect(delivery.result == "Failed")
            #expect(delivery.attempts == 1)
            #expect(delivery.message == "the receiver answered HTTP 404; not retried")
        }
        // Twenty minutes later (four times the longest backoff; before the grant's reminder), still
        // one attempt each.
        for _ in 0..<4 { await bed.h.clock.advance(by: .seconds(300)) }
        try await bed.quiet()
        #expect(bed.receiver.received.count == 3)
        #expect(bed.scrape.value("drawbridge_notifications_total", ["channel": "oncall", "result": "failed"]) == 3)
        #expect(bed.scrape.value("drawbridge_notifications_total", ["channel": "oncall", "result": "retried"]) == nil)
        let status = try await bed.waitForChannel("oncall", "reports the refusal") { $0.lastError != nil }
        #expect(status.lastError?.message == "the receiver answered HTTP 404; not retried")
        await (bed.h.controller?.reconciler.recorder as? EventRecorder)?.flush()
        let events = try await bed.h.emulator.client("admin").list(Event.self, namespace: "default").items
            .filter { $0.reason == "NotificationFailed" }
        #expect(events.count == 3)
        #expect(
            events.allSatisfy { $0.involvedObject.kind == "NotificationChannel" && $0.involvedObject.name == "oncall" })
        #expect(
            events.contains {
                $0.message?.hasSuffix("was not delivered: the receiver answered HTTP 404; not retried.") == true
            })
        await bed.shutdown()
    }
}
