import AsyncHTTPClient
import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import KubeClient

/// Every action of the lifecycle.
let everyAction = NotificationAction.routable.map(\.rawValue)

/// The whole notification path on test time: the controller harness (emulator, webhook, controller
/// on a ManualClock), a loopback receiver, a webhook channel `oncall` whose Secret points at it,
/// and the real HTTP sender. Retry jitter is fixed at the middle, so backoffs are predictable.
struct NotificationBed {
    static let namespace = "drawbridge-system"
    static let key = Array("a webhook signing key, 32 bytes!".utf8)

    let h: ControllerHarness
    let receiver: NotificationReceiverFixture
    let http: HTTPClient
    let metrics = DrawbridgeMetrics()

    /// A bed whose policies are `policies` (default: the fixture policy notifying `oncall` of
    /// everything), whose receiver answers with `answer`.
    static func make(
        policies: [AccessPolicy] = [.fixture().notifying(.init(channel: "oncall", on: everyAction))],
        answer: @escaping NotificationReceiverFixture.Answer = { _, _ in 200 }
    ) async throws -> NotificationBed {
        let h = try await ControllerHarness(policies: policies)
        let receiver = try await NotificationReceiverFixture.start(answer: answer)
        return NotificationBed(h: h, receiver: receiver, http: HTTPNotificationSender.makeClient())
    }

    /// Dispatcher settings for this bed; `sender` replaces the real HTTP sender.
    func settings(sender: (any NotificationSender)? = nil) -> NotificationDispatcher.Settings {
        NotificationDispatcher.Settings(
            namespace: Self.namespace, sender: sender ?? HTTPNotificationSender(client: http), random: { 0.5 })
    }

    /// Creates channel `name` of `type` and, unless `secret` is nil, its Secret holding `secret`
    /// (default: the receiver's URL and the signing key).
    func channel(
        _ name: String = "oncall", type: String = "webhook", mode: String? = nil, insecure: Bool? = nil,
        secret: [String: String]? = [:]
    ) async throws {
        let admin = h.emulator.client("admin")
        if var values = secret {
            if values.isEmpty {
                values = ["url": receiver.url, "signingKey": String(decoding: Self.key, as: UTF8.self)]
            }
            _ = try await admin.create(
                Secret(
                    metadata: ObjectMeta(name: name, namespace: Self.namespace),
                    data: values.mapValues { Data($0.utf8).base64EncodedString() }))
        }
        _ = try await admin.create(
            NotificationChannel(
                metadata: ObjectMeta(name: name),
                spec: NotificationChannelSpec(
                    type: type, secretRef: SecretReference(name: name),
                    webhook: mode.map { WebhookChannelSettings(contentMode: $0) }, allowInsecureHTTP: insecure)))
    }

    /// Starts the controller with notifications on.
    func start(sender: (any NotificationSender)? = nil) async throws {
        try await h.start(metrics: metrics, notifications: settings(sender: sender))
    }

    /// The ledger of request `name`, as stored.
    func ledger(_ name: String) async throws -> [String: NotificationRecord] {
        try await h.request(name).status?.notifications ?? [:]
    }

    /// Waits until every entry of request `name`'s ledger has an outcome for every channel, and
    /// there are at least `count` entries.
    @discardableResult
    func waitUntilSettled(_ name: String, entries count: Int) async throws -> [String: NotificationRecord] {
        try await h.eventually("\(count) notification(s) of \(name) are settled") {
            let ledger = try await ledger(name)
            let settled = ledger.values.allSatisfy { record in
                record.channels.allSatisfy { record.deliveries?[$0] != nil }
            }
            return ledger.count >= count && settled ? ledger : nil
        }
    }

    /// The channel `name` as stored.
    func channelStatus(_ name: String = "oncall") async throws -> NotificationChannelStatus? {
        try await h.emulator.client("admin").get(NotificationChannel.self, name: name).status
    }

    /// Waits until channel `name`'s status satisfies `condition`, moving test time on by the status
    /// interval between looks (a channel's status is written at most once per interval).
    @discardableResult
    func waitForChannel(
        _ name: String = "oncall", _ what: String, until condition: @escaping (NotificationChannelStatus) -> Bool
    ) async throws -> NotificationChannelStatus {
        try await h.eventually("channel \(name) \(what)") {
            if let status = try await channelStatus(name), condition(status) { return status }
            await h.clock.advance(by: settings().statusInterval)
            return nil
        }
    }

    /// The audit record ids of request `name` for `actions`.
    func auditIDs(_ name: String, _ actions: [AuditAction]) -> [String] {
        h.audit.records.filter { $0.request.name == name && actions.contains($0.action) }.map(\.id)
    }

    /// The metric samples now.
    var scrape: PrometheusText { PrometheusText(String(decoding: metrics.exposition(), as: UTF8.self)) }

    /// Waits until the dispatcher has nothing queued or in flight and the controller has settled:
    /// only then may a test say "nothing more was sent".
    func quiet() async throws {
        try await h.settled()
        try await h.eventually("the notifications have settled") {
            h.controller?.notifications?.isIdle ?? true ? true : nil
        }
    }

    func shutdown() async {
        await h.stop()
        await receiver.stop()
        try? await http.shutdown()
    }
}
