import DrawbridgeAPI
import Foundation
import Synchronization

/// Remembers the controller's own recent writes until the informer cache has caught up with them,
/// so a reconcile that runs before the watch event arrives does not act on its own stale past (a
/// binding just created looking "deleted", a status just written being written again).
///
/// An entry is used only while the cache still shows a version one of our writes replaced (a
/// reconcile may write twice in a row, so the cache can lag by more than one version); once the cache
/// shows anything else (our last write, or someone else's) the cache wins. Entries also lapse after
/// `ttl` of real (monotonic) time, so a write whose watch event never came cannot pin a stale view.
/// This is a liveness guard about the cache, not a decision about the grant, so it does not run on
/// the injected wall clock (tests jump that clock by hours while the cache catches up in microseconds).
final class RecentWrites<R: KubeResource>: Sendable {
    private struct Entry {
        /// Every resourceVersion our writes replaced ("" stands for "did not exist").
        var superseded: Set<String>
        /// What the write left: the stored object, or nil for a delete.
        var written: R?
        var at: ContinuousClock.Instant
    }

    private let entries = Mutex<[ObjectKey: Entry]>([:])
    private let ttl: Duration

    init(ttl: Duration = .seconds(30)) {
        self.ttl = ttl
    }

    /// Records that our write took `key` from `replaced` to `written`.
    func remember(_ key: ObjectKey, replaced: R?, written: R?) {
        entries.withLock { entries in
            var superseded = entries[key]?.superseded ?? []
            superseded.insert(replaced?.metadata.resourceVersion ?? "")
            entries[key] = Entry(superseded: superseded, written: written, at: .now)
        }
    }

    /// The freshest view of `key`: our own write while the cache still shows what it replaced.
    func view(_ key: ObjectKey, cached: R?) -> R? {
        entries.withLock { entries in
            guard let entry = entries[key] else { return cached }
            let cachedVersion = cached?.metadata.resourceVersion ?? ""
            if entry.at.duration(to: .now) < ttl, entry.superseded.contains(cachedVersion) {
                return entry.written
            }
            entries.removeValue(forKey: key)
            return cached
        }
    }

    /// True when no write is remembered (each one has shown in the cache, or lapsed).
    var isEmpty: Bool {
        entries.withLock { entries in
            entries = entries.filter { $0.value.at.duration(to: .now) < ttl }
            return entries.isEmpty
        }
    }

    /// Forgets `key` (the object is gone for good).
    func forget(_ key: ObjectKey) {
        _ = entries.withLock { $0.removeValue(forKey: key) }
    }
}
