import DrawbridgeAPI
import Foundation
import Synchronization

/// Remembers the controller's own recent writes until the informer cache has caught up with them,
/// so a reconcile that runs before the watch event arrives does not act on its own stale past (a
/// binding just created looking "deleted", a status just written being written again).
///
/// An entry is used only while the cache still shows the version the write replaced; once the cache
/// shows anything else (our write, or someone else's later one) the cache wins. Entries also lapse
/// after `ttl`, so a write whose watch event never came cannot pin a stale view.
final class RecentWrites<R: KubeResource>: Sendable {
    private struct Entry {
        /// The resourceVersion the cache showed before the write (nil: the object did not exist).
        var replaced: String?
        /// What the write left: the stored object, or nil for a delete.
        var written: R?
        var at: Date
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let ttl: TimeInterval

    init(ttl: TimeInterval = 30) {
        self.ttl = ttl
    }

    /// Records that `key` went from `replaced` to `written`.
    func remember(_ key: String, replaced: R?, written: R?, now: Date) {
        entries.withLock {
            $0[key] = Entry(replaced: replaced?.metadata.resourceVersion, written: written, at: now)
        }
    }

    /// The freshest view of `key`: our own write while the cache still shows what it replaced.
    func view(_ key: String, cached: R?, now: Date) -> R? {
        entries.withLock { entries in
            guard let entry = entries[key] else { return cached }
            let cachedVersion = cached?.metadata.resourceVersion
            if now.timeIntervalSince(entry.at) < ttl, cachedVersion == entry.replaced {
                return entry.written
            }
            entries.removeValue(forKey: key)
            return cached
        }
    }

    /// Forgets `key` (the object is gone for good).
    func forget(_ key: String) {
        _ = entries.withLock { $0.removeValue(forKey: key) }
    }
}
