import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeCore
import Foundation
import Synchronization

/// Channels, their Secrets and their `Ready` condition; the policies that route to them.
extension NotificationDispatcher {
    /// The condition type on a NotificationChannel saying whether it can be delivered to.
    public static let readyCondition = "Ready"

    /// Where `channel` delivers, or why it cannot.
    func target(of channel: String) -> Result<ChannelCheck.Target, ChannelCheck.Problem> {
        guard let object = channels.cache.get(ObjectKey(namespace: nil, name: channel)) else {
            return .failure(.init(.channelNotFound, "NotificationChannel \(channel) does not exist"))
        }
        return check(object)
    }

    func check(_ channel: NotificationChannel) -> Result<ChannelCheck.Target, ChannelCheck.Problem> {
        let secret = secrets.cache.get(ObjectKey(namespace: settings.namespace, name: channel.spec.secretRef.name))
        return ChannelCheck.check(channel, secret: secret, namespace: settings.namespace)
    }

    /// The Ready condition `channel` should carry now, keeping its transition time when only the
    /// message changes.
    func readiness(of channel: NotificationChannel) -> Condition {
        let at = KubeTime(now())
        var conditions = channel.status?.conditions ?? []
        switch check(channel) {
        case .success(let target):
            conditions.set(
                Condition(
                    type: Self.readyCondition, status: .true, reason: "Ready", message: Self.describe(target),
                    lastTransitionTime: at, observedGeneration: channel.metadata.generation))
        case .failure(let problem):
            conditions.set(
                Condition(
                    type: Self.readyCondition, status: .false, reason: problem.reason.rawValue,
                    message: "\(problem.message); its notifications wait until this is fixed",
                    lastTransitionTime: at, observedGeneration: channel.metadata.generation))
        }
        return conditions[type: Self.readyCondition] ?? conditions[0]
    }

    /// "Delivers structured CloudEvents to https://hooks.example.com (signed)."
    static func describe(_ target: ChannelCheck.Target) -> String {
        let host = URLComponents(string: target.url).map { "\($0.scheme ?? "")://\($0.host ?? "")" } ?? "its URL"
        switch target.kind {
        case .webhook(let binary):
            return "Delivers \(binary ? "binary" : "structured") CloudEvents, signed, to \(host)."
        case .slack:
            return "Posts Slack messages to \(host)."
        }
    }

    /// Writes `channel`'s Ready condition when it differs from what its status says.
    func refreshReadiness(of channel: NotificationChannel, in term: NotificationTerm) {
        let ready = readiness(of: channel)
        let current = channel.status?.conditions?[type: Self.readyCondition]
        let unchanged =
            current?.status == ready.status && current?.reason == ready.reason && current?.message == ready.message
            && channel.status?.observedGeneration == channel.metadata.generation
        guard !unchanged else { return }
        term.statusWriter.update(channel.name, .init(ready: ready, generation: channel.metadata.generation))
        if ready.status == .false, current?.status != .false {
            let reference = ObjectReference(to: channel)
            let message = "NotificationChannel \(channel.name) is not ready: \(ready.message)"
            Task { await recorder.record(.warning, reason: "ChannelNotReady", message: message, regarding: reference) }
        }
    }

    /// A channel changed: its condition is checked, its lane retries at once, and every request is
    /// looked at again when it is new (deliveries waiting for it may now go).
    func channelChanged(_ change: CacheChange<NotificationChannel>) {
        guard let term = current.withLock({ $0 }) else { return }
        switch change {
        case .upserted(let channel, let old):
            refreshReadiness(of: channel, in: term)
            term.existingLane(channel.name)?.channelChanged()
            if old == nil { requeueEverything(in: term) }
        case .deleted, .undecodable, .removedUndecodable:
            break
        }
    }

    /// A Secret of the controller's namespace changed: the channels that read it are checked again.
    func secretChanged(_ change: CacheChange<Secret>) {
        guard let term = current.withLock({ $0 }) else { return }
        let name = change.key.name
        for channel in channels.cache.list() where channel.spec.secretRef.name == name {
            refreshReadiness(of: channel, in: term)
            term.existingLane(channel.name)?.channelChanged()
        }
    }

    func requeueEverything(in term: NotificationTerm) {
        for request in caches.allRequests() where Self.mayOwe(request) { term.queue.add(request.key) }
    }

    /// The governing policy of `request`, compiled; nil when it is gone or invalid (an invalid
    /// policy's routes are not trusted).
    func compiledPolicy(named name: String?) -> CompiledPolicy? {
        guard let name, let policy = caches.policies.get(ObjectKey(namespace: nil, name: name)) else { return nil }
        return try? CompiledPolicy.compile(policy).get()
    }

    /// The governing policy's routes (what ExpiringSoon reminders go by).
    func routes(of request: AccessRequest) -> [NotificationRoute] {
        compiledPolicy(named: request.status?.policy)?.spec.notify ?? []
    }
}
