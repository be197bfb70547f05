import DrawbridgeAPI
import Foundation
import KubeClient
import Synchronization

/// What an admin watch on AccessRequests has seen: for each request, when (real time) each phase
/// first became visible through the API, and when its finalizer was released.
final class RequestTracker: Sendable {
    struct Seen {
        var phases: [AccessRequestPhase: ContinuousClock.Instant] = [:]
        var expiresAt: Date?
        var released: ContinuousClock.Instant?
    }

    struct State {
        var seen: [String: Seen] = [:]
        var counts: [AccessRequestPhase: Int] = [:]
        var released = 0
        var events = 0
    }

    private let state = Mutex(State())

    func observe(_ request: AccessRequest, at instant: ContinuousClock.Instant) {
        guard let name = request.metadata.name else { return }
        state.withLock { state in
            state.events += 1
            var seen = state.seen[name] ?? Seen()
            if let phase = request.status?.phase, seen.phases[phase] == nil {
                seen.phases[phase] = instant
                state.counts[phase, default: 0] += 1
            }
            if let expiresAt = request.status?.expiresAt { seen.expiresAt = expiresAt.date }
            if seen.released == nil, request.status?.phase?.isTerminal == true,
                request.metadata.finalizers?.contains(Drawbridge.Keys.finalizer) != true
            {
                seen.released = instant
                state.released += 1
            }
            state.seen[name] = seen
        }
    }

    /// Requests that have been seen in `phase`.
    func count(_ phase: AccessRequestPhase) -> Int { state.withLock { $0.counts[phase, default: 0] } }
    /// Terminal requests seen with the controller's finalizer gone.
    var released: Int { state.withLock { $0.released } }
    /// Watch events seen (ADDED and MODIFIED).
    var events: Int { state.withLock { $0.events } }

    func instant(_ name: String, _ phase: AccessRequestPhase) -> ContinuousClock.Instant? {
        state.withLock { $0.seen[name]?.phases[phase] }
    }

    /// Name → first time seen in `phase`.
    func instants(_ phase: AccessRequestPhase) -> [String: ContinuousClock.Instant] {
        state.withLock { state in state.seen.compactMapValues { $0.phases[phase] } }
    }

    /// Every distinct `status.expiresAt` seen.
    var expiries: Set<Date> { state.withLock { Set($0.seen.values.compactMap(\.expiresAt)) } }
}

/// Follows a watch from now on through `client` (resuming where it stopped; relisting on 410) and
/// hands every event to `handle` with the real time it arrived. Cancel the task to stop.
func follow<R: KubeResource>(
    _ type: R.Type, client: KubeClient, namespace: String, labelSelector: String? = nil,
    _ handle: @escaping @Sendable (WatchEvent<R>, ContinuousClock.Instant) -> Void
) async throws -> Task<Void, Never> {
    let start = try await client.list(type, namespace: namespace, labelSelector: labelSelector, limit: 1)
    let initial = start.resourceVersion
    return Task {
        var version = initial
        while !Task.isCancelled {
            do {
                let events = try await client.watch(
                    type, namespace: namespace, resourceVersion: version, labelSelector: labelSelector)
                for try await event in events {
                    let now = ContinuousClock.now
                    switch event {
                    case .added(let object), .modified(let object), .deleted(let object):
                        version = object.metadata.resourceVersion ?? version
                        handle(event, now)
                    case .bookmark(let resourceVersion):
                        version = resourceVersion
                    case .undecodable(_, let object):
                        version = object.raw["metadata"]?["resourceVersion"]?.stringValue ?? version
                    case .error(let status):
                        progress("benchmark watch of \(R.qualifiedResource) ended: \(status.message ?? ""); relisting")
                        let list = try await client.listAll(type, namespace: namespace, labelSelector: labelSelector)
                        let now = ContinuousClock.now
                        for object in list.items { handle(.added(object), now) }
                        version = list.resourceVersion
                    }
                }
            } catch {
                if Task.isCancelled { return }
                progress("benchmark watch of \(R.qualifiedResource) broke: \(error); resuming")
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
    }
}
