import DrawbridgeAPI
import KubeClient
import Synchronization

/// Thread-safe cache of the objects a watcher has seen, keyed by `KubeResource.key`, so reconcilers
/// read current state locally instead of calling the API server on every pass.
///
/// Only the owning `Informer` writes to it; every read returns a consistent snapshot.
/// - Important: An object that stops decoding leaves `get`/`list` and shows up in `undecodable()`:
///   the stale decoded version is not the current state. Its absence from `get` does not mean it
///   was deleted; check `undecodable()` before acting on a missing object.
public final class ResourceCache<R: KubeResource>: Sendable {
    struct State {
        /// Each object behind a reference: a dictionary keeps a quarter or more of its slots empty,
        /// and a slot holding a whole object (hundreds of bytes) costs that much even when empty.
        var objects: [ObjectKey: Cached<R>] = [:]
        var undecodable: [ObjectKey: UndecodableObject] = [:]
        /// The keys of `objects` in order, kept until a key is added or removed: reconcilers list
        /// small, rarely changing caches (policies, ClusterRoles) on every pass, and sorting them each
        /// time was most of the cost of a reconcile that changes nothing.
        var sortedKeys: [ObjectKey]?

        mutating func keys() -> [ObjectKey] {
            let keys = sortedKeys ?? objects.keys.sorted()
            sortedKeys = keys
            return keys
        }

        mutating func sortedObjects() -> [R] {
            keys().compactMap { objects[$0]?.object }
        }
    }

    let state = Mutex(State())

    /// An empty cache. An `Informer` makes and fills its own; only it writes (the writes are internal).
    public init() {}

    /// The object stored under `key`.
    public func get(_ key: ObjectKey) -> R? {
        state.withLock { $0.objects[key]?.object }
    }

    /// The key of every object, sorted: cheaper than `list()` when only the keys matter.
    public func keys() -> [ObjectKey] {
        state.withLock { state in state.keys() }
    }

    /// Every object, sorted by key so callers see a deterministic order.
    public func list() -> [R] {
        state.withLock { state in state.sortedObjects() }
    }

    /// The objects of one namespace, sorted by key.
    public func list(namespace: String) -> [R] {
        state.withLock { state in state.sortedObjects().filter { $0.metadata.namespace == namespace } }
    }

    /// Number of (decodable) objects.
    public var count: Int { state.withLock { $0.objects.count } }

    /// Objects that failed to decode, by key (so the controller can report them).
    public func undecodable() -> [ObjectKey: UndecodableObject] {
        state.withLock { $0.undecodable }
    }

    // MARK: Writes by the informer; each returns what changed, in the order handlers should see it.

    /// Stores an ADDED/MODIFIED object.
    func upsert(_ object: R) -> [CacheChange<R>] {
        let key = object.key
        return state.withLock { state in
            var changes: [CacheChange<R>] = []
            if state.undecodable.removeValue(forKey: key) != nil { changes.append(.removedUndecodable(key: key)) }
            let old = state.objects.updateValue(Cached(object), forKey: key)?.object
            if old == nil { state.sortedKeys = nil }
            changes.append(.upserted(object, old: old))
            return changes
        }
    }

    /// Removes a DELETED object; `object` is its last state as the server sent it.
    func remove(_ object: R) -> [CacheChange<R>] {
        let key = object.key
        return state.withLock { state in
            var changes: [CacheChange<R>] = []
            if state.undecodable.removeValue(forKey: key) != nil { changes.append(.removedUndecodable(key: key)) }
            if state.objects.removeValue(forKey: key) != nil {
                state.sortedKeys = nil
                changes.append(.deleted(object))
            }
            return changes
        }
    }

    /// Records an ADDED/MODIFIED object that does not decode, replacing any decoded version of it.
    func storeUndecodable(_ object: UndecodableObject) -> [CacheChange<R>] {
        state.withLock { state in
            if state.objects.removeValue(forKey: object.key) != nil { state.sortedKeys = nil }
            state.undecodable[object.key] = object
            return [.undecodable(object)]
        }
    }

    /// Forgets a DELETED object that does not decode.
    func removeUndecodable(_ object: UndecodableObject) -> [CacheChange<R>] {
        let key = object.key
        return state.withLock { state in
            var changes: [CacheChange<R>] = []
            if state.undecodable.removeValue(forKey: key) != nil { changes.append(.removedUndecodable(key: key)) }
            if let old = state.objects.removeValue(forKey: key)?.object {
                state.sortedKeys = nil
                changes.append(.deleted(old))
            }
            return changes
        }
    }

    /// Replaces everything with a fresh full list and returns the difference: objects that vanished
    /// are `.deleted`, new or changed ones `.upserted`, unchanged ones produce nothing. Sorted by key.
    func replace(with items: [R], undecodable: [UndecodableObject]) -> [CacheChange<R>] {
        var newObjects: [ObjectKey: Cached<R>] = [:]
        newObjects.reserveCapacity(items.count)
        for item in items { newObjects[item.key] = Cached(item) }
        var newUndecodable: [ObjectKey: UndecodableObject] = [:]
        for object in undecodable { newUndecodable[object.key] = object }
        return state.withLock { state in
            // (key, order within the key, change): a key that turns valid reports the removal first.
            // The changes are gathered as references and made into `CacheChange`s (each holding whole
            // objects) once, in order: with 10,000 objects, gathering and then sorting whole changes
            // held two extra copies of the cache at the start-up peak.
            var pending: [(key: ObjectKey, rank: Int, change: PendingChange)] = []
            pending.reserveCapacity(newObjects.count)
            for (key, old) in state.objects where newObjects[key] == nil && newUndecodable[key] == nil {
                pending.append((key, 0, .deleted(old)))
            }
            for key in state.undecodable.keys where newUndecodable[key] == nil {
                pending.append((key, 1, .removedUndecodable))
            }
            for (key, new) in newObjects {
                let old = state.objects[key]
                if old?.object != new.object { pending.append((key, 2, .upserted(new, old: old))) }
            }
            for (key, object) in newUndecodable where state.undecodable[key] != object {
                pending.append((key, 3, .undecodable(object)))
            }
            state.objects = newObjects
            state.sortedKeys = nil
            state.undecodable = newUndecodable
            pending.sort { ($0.key, $0.rank) < ($1.key, $1.rank) }
            return pending.map { $0.change.change(key: $0.key) }
        }
    }

    /// A change found by `replace`, holding cached objects by reference until the list is sorted.
    enum PendingChange {
        case deleted(Cached<R>)
        case removedUndecodable
        case upserted(Cached<R>, old: Cached<R>?)
        case undecodable(UndecodableObject)

        func change(key: ObjectKey) -> CacheChange<R> {
            switch self {
            case .deleted(let old): .deleted(old.object)
            case .removedUndecodable: .removedUndecodable(key: key)
            case .upserted(let new, let old): .upserted(new.object, old: old?.object)
            case .undecodable(let object): .undecodable(object)
            }
        }
    }
}

/// One cached object, held by reference (see `ResourceCache.State.objects`).
final class Cached<R: KubeResource>: Sendable {
    let object: R

    init(_ object: R) {
        self.object = object
    }
}
