import ControllerRuntime
import DrawbridgeAPI
import Synchronization

/// Which requests each requester has, kept beside the request caches by their informers' handlers,
/// so that judging one requester's other requests (break-glass cooldown, the cap on unfinished
/// requests) costs a look at their own requests, not a pass over every request in the cluster: one
/// requester with thousands of undecided requests made that quadratic.
final class RequesterIndex: Sendable {
    struct State {
        var keys: [String: Set<ObjectKey>] = [:]
        var requester: [ObjectKey: String] = [:]
    }

    let state = Mutex(State())

    /// Files `key` under `requester` (nil or empty: under nobody), replacing where it was.
    func set(_ key: ObjectKey, requester: String?) {
        state.withLock { state in
            if let old = state.requester.removeValue(forKey: key) {
                state.keys[old]?.remove(key)
                if state.keys[old]?.isEmpty == true { state.keys[old] = nil }
            }
            guard let requester, !requester.isEmpty else { return }
            state.requester[key] = requester
            state.keys[requester, default: []].insert(key)
        }
    }

    /// The keys of `requester`'s requests, sorted.
    func keys(of requester: String) -> [ObjectKey] {
        state.withLock { $0.keys[requester].map { $0.sorted() } ?? [] }
    }

    /// Applies one change of a request cache (either kind).
    func apply<R: KubeResource>(_ change: CacheChange<R>, requester: (R) -> String?) {
        switch change {
        case .upserted(let object, _): set(object.key, requester: requester(object))
        case .deleted, .undecodable, .removedUndecodable: set(change.key, requester: nil)
        }
    }
}
