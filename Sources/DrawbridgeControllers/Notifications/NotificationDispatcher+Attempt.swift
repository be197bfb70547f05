import DrawbridgeAPI
import DrawbridgeCore
import Foundation
import KubeClient
import Logging
import ControllerRuntime
import Synchronization

/// One attempt at the head of a channel's lane, and how its outcome is recorded.
extension NotificationDispatcher {
    /// Tries `delivery` once (after `failures` failed attempts) and says what the lane does next.
    func attempt(_ delivery: OwedNotification, failures: Int, in term: NotificationTerm) async -> ChannelLane.Step {
        let now = now()
        if let until = delivery.until, now >= until { return .done }
        // Still owed? The request may be gone, or another leader may have recorded it meanwhile.
        guard let request = caches.request(delivery.request), isStillOwed(delivery, by: request) else { return .done }
        if now.timeIntervalSince(delivery.record.time.date) > settings.maxAge.timeInterval {
            return await settle(
                delivery, as: .abandoned, failures: failures,
                why: "not delivered within \(GoDuration.humanize(settings.maxAge)) of the event", in: term)
        }
        let target: ChannelCheck.Target
        switch self.target(of: delivery.channel) {
        case .success(let value): target = value
        case .failure: return .blocked
        }
        let event = NotificationEvent.make(
            delivery, request: request, policy: compiledPolicy(named: request.status?.policy),
            isAuthentic: { [identity] in identity.approval($0, request) })
        let verdict: DeliveryVerdict
        do {
            let outgoing = try NotificationHTTPRequest.make(event, to: target, source: settings.source, now: now)
            switch await settings.sender.send(outgoing, timeout: settings.timeout) {
            case .answered(let status, let retryAfter): verdict = .judge(status: status, retryAfter: retryAfter)
            case .noAnswer(let error): verdict = .unanswered(error)
            }
        } catch {
            verdict = .fail(reason: "the notification could not be encoded: \(error)")
        }
        switch verdict {
        case .delivered:
            return await settle(delivery, as: .delivered, failures: failures, why: nil, in: term)
        case .fail(let reason):
            return await settle(delivery, as: .failed, failures: failures, why: reason, in: term)
        case .retry(let reason, let retryAfter):
            observer?(delivery.channel, .retried)
            report(delivery, error: "\(reason); retrying", in: term)
            logger.debug(
                "notification not delivered; retrying",
                metadata: ["channel": "\(delivery.channel)", "id": "\(delivery.id)", "reason": "\(reason)"])
            return .retry(
                after: settings.backoff.delay(
                    afterFailures: failures + 1, random: settings.random(), retryAfter: retryAfter))
        }
    }

    /// True while `request`'s ledger has no outcome for this delivery (an ExpiringSoon reminder is
    /// owed while the grant is live with the same expiry).
    func isStillOwed(_ delivery: OwedNotification, by request: AccessRequest) -> Bool {
        request.status?.notifications?[delivery.id]?.deliveries?[delivery.channel] == nil
    }

    /// Records how `delivery` ended (in the request's ledger, the channel's status, the metric, and
    /// an Event when it failed), retrying the record until it is written: the delivery itself is
    /// not repeated for a record that failed to write.
    func settle(
        _ delivery: OwedNotification, as result: NotificationResult, failures: Int, why: String?,
        in term: NotificationTerm
    ) async -> ChannelLane.Step {
        observer?(delivery.channel, result)
        let at = KubeTime(now())
        let outcome = NotificationDelivery(
            result: result == .delivered ? NotificationDelivery.delivered : NotificationDelivery.failed, time: at,
            attempts: failures + 1, message: why)
        if result == .delivered {
            term.statusWriter.update(
                delivery.channel,
                .init(
                    lastDelivery: NotificationAttempt(
                        time: at, id: delivery.id, action: delivery.action, request: "\(delivery.request)")))
        } else {
            report(delivery, error: why ?? "failed", in: term)
            let message =
                "Notification \(delivery.id) (\(delivery.action) of \(AccessRequest.displayName(of: delivery.request))) was not delivered: \(why ?? "failed")."
            await recorder.record(
                .warning, reason: "NotificationFailed", message: message, regarding: reference(to: delivery.channel))
            logger.warning("\(message)")
        }
        var tries = 0
        while !Task.isCancelled {
            do {
                _ = try await marks.record(outcome, of: delivery)
                return .done
            } catch {
                tries += 1
                logger.warning(
                    "could not record a notification's delivery; retrying",
                    metadata: ["request": "\(delivery.request)", "error": "\(error)"])
                try? await clock.sleep(for: settings.backoff.delay(afterFailures: tries, random: settings.random()))
            }
        }
        return .done
    }

    /// Puts the failure in the channel's status.
    func report(_ delivery: OwedNotification, error: String, in term: NotificationTerm) {
        term.statusWriter.update(
            delivery.channel,
            .init(
                lastError: NotificationAttempt(
                    time: KubeTime(now()), id: delivery.id, action: delivery.action, request: "\(delivery.request)",
                    message: error)))
    }

    /// A reference to the channel named `name`, for Events.
    func reference(to name: String) -> ObjectReference {
        if let channel = channels.cache.get(ObjectKey(namespace: nil, name: name)) {
            return ObjectReference(to: channel)
        }
        return ObjectReference(apiVersion: NotificationChannel.apiVersion, kind: NotificationChannel.kind, name: name)
    }
}
