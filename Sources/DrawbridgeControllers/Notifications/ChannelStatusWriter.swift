import DrawbridgeAPI
import Foundation
import KubeClient
import Logging
import Synchronization

/// Keeps each NotificationChannel's status up to date: its `Ready` condition, its last delivery and
/// its last error. Changes are collected and written in the background, at most once per channel
/// per `interval` (a busy channel does not write its status per notification); the first change
/// after a quiet spell is written at once.
final class ChannelStatusWriter: Sendable {
    /// What to change in one channel's status.
    struct Change: Sendable {
        var ready: Condition?
        var generation: Int64?
        var lastDelivery: NotificationAttempt?
        var lastError: NotificationAttempt?

        mutating func merge(_ newer: Change) {
            ready = newer.ready ?? ready
            generation = newer.generation ?? generation
            lastDelivery = newer.lastDelivery ?? lastDelivery
            lastError = newer.lastError ?? lastError
        }
    }

    let client: KubeClient
    let interval: Duration
    let clock: any Clock<Duration>
    let logger: Logger
    private let pending = Mutex<[String: Change]>([:])
    private let wakeup = Wakeup()

    init(client: KubeClient, interval: Duration, clock: any Clock<Duration>, logger: Logger) {
        self.client = client
        self.interval = interval
        self.clock = clock
        self.logger = logger
    }

    /// Queues `change` for `channel`.
    func update(_ channel: String, _ change: Change) {
        pending.withLock { $0[channel, default: Change()].merge(change) }
        wakeup.poke()
    }

    /// Writes queued changes until cancelled.
    func run() async {
        while !Task.isCancelled {
            await wakeup.wait()
            let changes = pending.withLock { pending in
                defer { pending.removeAll() }
                return pending
            }
            for (channel, change) in changes.sorted(by: { $0.key < $1.key }) {
                await write(change, to: channel)
            }
            if !changes.isEmpty { try? await clock.sleep(for: interval) }
        }
    }

    /// One merge patch of the status subresource: only the fields that changed.
    func write(_ change: Change, to channel: String) async {
        var status: [String: JSONValue] = [:]
        do {
            if let ready = change.ready { status["conditions"] = .array([try JSONValue(encoding: ready)]) }
            if let generation = change.generation { status["observedGeneration"] = .int(generation) }
            if let delivery = change.lastDelivery { status["lastDelivery"] = try Self.complete(delivery) }
            if let error = change.lastError { status["lastError"] = try Self.complete(error) }
            _ = try await client.patch(
                NotificationChannel.self, name: channel, type: .merge, body: .object(["status": .object(status)]),
                subresource: "status")
        } catch let error as APIError where error.isNotFound {
            // The channel was deleted meanwhile: nothing to report on.
        } catch {
            logger.warning(
                "could not write the status of NotificationChannel \(channel)", metadata: ["error": "\(error)"])
        }
    }

    /// `attempt` with every field present (null when absent), so a merge patch replaces an older
    /// attempt's fields instead of keeping them.
    static func complete(_ attempt: NotificationAttempt) throws -> JSONValue {
        guard case .object(var fields) = try JSONValue(encoding: attempt) else { return .null }
        for name in ["id", "action", "request", "message"] where fields[name] == nil { fields[name] = .null }
        return .object(fields)
    }
}
