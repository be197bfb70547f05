import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import KubeClient
import Synchronization
import Testing

/// Holds every POST to a URL containing `/slow` until `release()`, and lets the rest through.
final class StallingSender: NotificationSender {
    let base: any NotificationSender
    private let state = Mutex<(released: Bool, waiters: [CheckedContinuation<Void, Never>], held: Int)>((false, [], 0))

    init(base: any NotificationSender) { self.base = base }

    /// POSTs to /slow waiting right now.
    var held: Int { state.withLock { $0.held } }

    func release() {
        let waiters = state.withLock { state in
            state.released = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func send(_ request: NotificationHTTPRequest, timeout: Duration) async -> SendOutcome {
        if request.url.contains("/slow") {
            await withCheckedContinuation { continuation in
                let go = state.withLock { state in
                    if state.released { return true }
                    state.waiters.append(continuation)
                    state.held += 1
                    return false
                }
                if go { continuation.resume() }
            }
        }
        return await base.send(request, timeout: timeout)
    }
}

/// Channels one by one: a stalled receiver holds up only itself, reminders come before the end,
/// and bad channel input is a condition on the channel, never a crash or a lost grant.
@Suite struct NotificationChannelTests {
    @Test func aStalledReceiverHoldsUpNeitherAnotherChannelNorTheGrant() async throws {
        let bed = try await NotificationBed.make(policies: [
            AccessPolicy.fixture().notifying(
                .init(channel: "slow", on: everyAction), .init(channel: "oncall", on: everyAction))
        ])
        try await bed.channel()
        try await bed.channel(
            "slow",
            secret: [
                "url": bed.receiver.url + "/slow", "signingKey": String(decoding: NotificationBed.key, as: UTF8.self),
            ])
        let sender = StallingSender(base: HTTPNotificationSender(client: bed.http))
        try await bed.start(sender: sender)
        try await NotificationResilienceTests.approvalFlow(bed)
        // oncall got all three while slow's first is still in flight.
        try await bed.h.eventually("oncall has everything") {
            let ledger = try await bed.ledger("alice-edit")
            let done = ledger.count == 3 && ledger.values.allSatisfy { $0.deliveries?["oncall"] != nil }
            return done ? true : nil
        }
        #expect(sender.held == 1)
        #expect(try await bed.ledger("alice-edit").values.allSatisfy { $0.deliveries?["slow"] == nil })
        #expect(bed.receiver.received.allSatisfy { $0.path == "/events" })

        sender.release()
        try await bed.waitUntilSettled("alice-edit", entries: 3)
        #expect(bed.receiver.received.filter { $0.path == "/events/slow" }.count == 3)
        await bed.shutdown()
    }

    @Test func expiringSoonComesOnceBeforeTheEndAndExpiredAtIt() async throws {
        let bed = try await NotificationBed.make(policies: [
            AccessPolicy.fixture(required: 0).notifying(.init(channel: "oncall", on: ["ExpiringSoon", "Expired"]))
        ])
        try await bed.channel()
        try await bed.start()
        try await bed.h.create(AccessRequest.fixture(duration: "30m"))
        let granted = try await bed.h.waitFor("alice-edit", phase: .active)
        let expiresAt = try #require(granted.status?.expiresAt)
        let grantedAt = try #require(granted.status?.grantedAt)
        try await bed.quiet()
        #expect(bed.receiver.received.isEmpty)

        // 10 % of 30 minutes: three minutes before the end. A second early, nothing.
        let due = ExpiringSoon.dueAt(grantedAt: grantedAt.date, expiresAt: expiresAt.date)
        #expect(due == expiresAt.date.addingTimeInterval(-180))
        await bed.h.clock.advance(by: .seconds(Int64(due.timeIntervalSince(bed.h.clock.date)) - 1))
        try await bed.quiet()
        #expect(bed.receiver.received.isEmpty)
        await bed.h.clock.advance(by: .seconds(1))
        let id = ExpiringSoon.id(requestUID: try #require(granted.metadata.uid), expiresAt: expiresAt)
        let ledger = try await bed.waitUntilSettled("alice-edit", entries: 1)
        #expect(ledger[id]?.action == "ExpiringSoon")
        #expect(ledger[id]?.deliveries?["oncall"]?.result == "Delivered")
        let event = try #require(bed.receiver.received.first?.json)
        #expect(event["type"] == "dev.drawbridge.accessrequest.expiringsoon")
        #expect(event["id"]?.stringValue == id)
        #expect(
            event["data"]?["message"]?.stringValue
                == "ClusterRole/edit for User \"alice\" in namespace demo expires at \(expiresAt) (in 3m).")

        // Nothing more until the end; then Expired.
        await bed.h.clock.advance(by: .seconds(120))
        try await bed.quiet()
        #expect(bed.receiver.uniqueIDs == [id])
        await bed.h.clock.advance(by: .seconds(60))
        try await bed.h.waitFor("alice-edit", phase: .expired)
        try await bed.waitUntilSettled("alice-edit", entries: 2)
        #expect(bed.receiver.uniqueIDs == [id] + bed.auditIDs("alice-edit", [.expired]))
        #expect(bed.receiver.received.count == 2)
        await bed.shutdown()
    }

    @Test(
        "Bad channel input is a clear condition on the channel; the grant is made regardless",
        arguments: [
            ("missing", nil as [String: String]?, "SecretNotFound", "Secret drawbridge-system/missing does not exist"),
            (
                "nokey", ["url": "http://127.0.0.1:9/events"], "SecretMalformed",
                "Secret drawbridge-system/nokey has no key signingKey"
            ),
            (
                "ftp", ["url": "ftp://files.example.com/x", "signingKey": "0123456789abcdef"], "InvalidURL",
                "the url in Secret drawbridge-system/ftp uses ftp:, not http: or https:"
            ),
            (
                "plain", ["url": "http://hooks.example.com/x", "signingKey": "0123456789abcdef"], "InsecureURL",
                "the url in Secret drawbridge-system/plain is plain http to hooks.example.com, which is not loopback; use https, or set spec.allowInsecureHTTP: true"
            ),
        ])
    func badChannelInput(name: String, secret: [String: String]?, reason: String, message: String) async throws {
        let bed = try await NotificationBed.make(policies: [
            AccessPolicy.fixture().notifying(.init(channel: name, on: everyAction))
        ])
        try await bed.channel(name, secret: secret)
        try await bed.start()
        try await NotificationResilienceTests.approvalFlow(bed)
        let status = try await bed.waitForChannel(name, "is not Ready") { $0.conditions?.first?.status == .false }
        let ready = try #require(status.conditions?.first)
        #expect(ready.type == "Ready")
        #expect(ready.reason == reason)
        #expect(ready.message == "\(message); its notifications wait until this is fixed")
        #expect(status.observedGeneration == 1)
        #expect(bed.receiver.received.isEmpty)
        #expect(try await bed.ledger("alice-edit").count == 3, "still owed")
        await (bed.h.controller?.reconciler.recorder as? EventRecorder)?.flush()
        let events = try await bed.h.emulator.client("admin").list(Event.self, namespace: "default").items
        #expect(events.contains { $0.reason == "ChannelNotReady" && $0.involvedObject.name == name })
        await bed.shutdown()
    }

    @Test func fixingAChannelsSecretMakesItReadyAndSendsWhatWaited() async throws {
        let bed = try await NotificationBed.make()
        try await bed.channel(secret: nil)
        try await bed.start()
        try await NotificationResilienceTests.approvalFlow(bed)
        try await bed.waitForChannel("oncall", "is not Ready") { $0.conditions?.first?.reason == "SecretNotFound" }
        _ = try await bed.h.emulator.client("admin").create(
            Secret(
                metadata: ObjectMeta(name: "oncall", namespace: NotificationBed.namespace),
                data: [
                    "url": Data(bed.receiver.url.utf8).base64EncodedString(),
                    "signingKey": Data(NotificationBed.key).base64EncodedString(),
                ]))
        try await bed.waitUntilSettled("alice-edit", entries: 3)
        #expect(bed.receiver.uniqueIDs == bed.auditIDs("alice-edit", [.requested, .approved, .granted]))
        try await bed.waitForChannel("oncall", "is Ready") { $0.conditions?.first?.status == .true }
        await bed.shutdown()
    }

    @Test func aPolicyNamingAChannelThatDoesNotExistHoldsItsNotificationsAndNothingElse() async throws {
        let bed = try await NotificationBed.make(policies: [
            AccessPolicy.fixture().notifying(
                .init(channel: "nowhere", on: everyAction), .init(channel: "oncall", on: everyAction))
        ])
        try await bed.channel()
        try await bed.start()
        try await NotificationResilienceTests.approvalFlow(bed)
        try await bed.h.eventually("oncall has everything") {
            let ledger = try await bed.ledger("alice-edit")
            return ledger.count == 3 && ledger.values.allSatisfy { $0.deliveries?["oncall"] != nil } ? true : nil
        }
        #expect(try await bed.ledger("alice-edit").values.allSatisfy { $0.deliveries?["nowhere"] == nil })
        await bed.shutdown()
    }
}
