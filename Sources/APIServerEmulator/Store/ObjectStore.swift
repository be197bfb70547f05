import DrawbridgeAPI
import Synchronization

/// The emulator's etcd: every object of every resource, one global resourceVersion counter, a bounded
/// log of recent changes for watches, and the live watchers.
///
/// Writes are compare-and-swap on the object's resourceVersion (`commit(expected:)`), so the request
/// pipeline can run admission outside the lock and still detect races exactly as kube-apiserver does.
public final class ObjectStore: Sendable {
    /// A stored object and the resourceVersion of its last write.
    public struct Stored: Sendable {
        public var object: JSONValue
        public var resourceVersion: Int64
    }

    /// Thrown by `commit` when the object changed since it was read (or exists when it should not).
    public struct CommitConflict: Error {
        public var current: Stored?
    }

    /// Why a watch cannot start from the requested resourceVersion.
    public struct TooOld: Error {
        public var requested: Int64
        public var oldest: Int64
    }

    /// Where a dependent object lives, for the owner index.
    public struct ObjectLocation: Hashable, Sendable {
        public var key: StorageKey
        public var namespace: String
        public var name: String
    }

    struct Watcher {
        var filter: WatchFilter
        var continuation: AsyncStream<WatchEvent>.Continuation
    }

    struct State {
        var resourceVersion: Int64 = 0
        var objects: [StorageKey: [String: Stored]] = [:]
        var log: [WatchEvent] = []
        var logStart = 0
        /// Changes with resourceVersion <= this are no longer in the log.
        var compactedThrough: Int64 = 0
        var watchers: [Int: Watcher] = [:]
        var nextWatcher = 0
        /// Set by `closeWatches()`: the server is shutting down and no watch stays open.
        var watchesClosed = false
        /// Object keys per resource in sorted order; dropped when an object is added or removed, so
        /// repeated lists of a large, mostly-updated resource do not sort every time.
        var sortedKeys: [StorageKey: [String]] = [:]
        /// Owner uid → objects whose ownerReferences name it, so garbage collection after a delete
        /// looks up dependents instead of scanning every object.
        var dependents: [String: Set<ObjectLocation>] = [:]
    }

    private let state = Mutex(State())
    /// Watches whose consumer went away, waiting to be unregistered. A watch's onTermination records
    /// its id here rather than taking `state`: cancelling the consuming task runs that handler while
    /// the task's status is locked, and `deliver`, holding `state`, may be waiting for that very lock
    /// to resume the same task (a lock-order deadlock seen under load). Lock order: `state`, then this.
    private let endedWatchers = Mutex<[Int]>([])
    /// How many changes the log keeps for watches that resume from a resourceVersion.
    public let historyLimit: Int
    /// How many undelivered events a watcher may queue before it is closed (as a slow client would be).
    public let watcherBufferLimit: Int

    public init(historyLimit: Int = 20_000, watcherBufferLimit: Int = 50_000) {
        self.historyLimit = historyLimit
        self.watcherBufferLimit = watcherBufferLimit
    }

    /// A store holding the same objects, resourceVersion and change log, but none of the watchers: it
    /// answers exactly as this one does now, and the two change independently from here on.
    public func copy() -> ObjectStore {
        let copy = ObjectStore(historyLimit: historyLimit, watcherBufferLimit: watcherBufferLimit)
        var snapshot = state.withLock { $0 }
        snapshot.watchers = [:]
        copy.state.withLock { $0 = snapshot }
        return copy
    }

    /// `namespace/name`, or `name` for cluster-scoped objects.
    public static func objectKey(namespace: String, name: String) -> String {
        namespace.isEmpty ? name : "\(namespace)/\(name)"
    }

    /// The current global resourceVersion.
    public var resourceVersion: Int64 { state.withLock { $0.resourceVersion } }

    /// One object, if present.
    public func get(_ key: StorageKey, namespace: String, name: String) -> Stored? {
        state.withLock { $0.objects[key]?[Self.objectKey(namespace: namespace, name: name)] }
    }

    /// Every object of `key` (in `namespace`, or all when nil), sorted by namespace then name, with the
    /// resourceVersion the list is consistent with.
    public func list(_ key: StorageKey, namespace: String?) -> (items: [JSONValue], resourceVersion: Int64) {
        state.withLock { state in
            let all = state.objects[key] ?? [:]
            let keys: [String]
            if let cached = state.sortedKeys[key] {
                keys = cached
            } else {
                keys = all.keys.sorted()
                state.sortedKeys[key] = keys
            }
            var range = keys.startIndex..<keys.endIndex
            if let namespace, !namespace.isEmpty {
                // "ns/" sorts before every "ns/name" and "ns0" after them all.
                let lower = Self.firstIndex(in: keys, notBelow: namespace + "/")
                let upper = Self.firstIndex(in: keys, notBelow: namespace + "0")
                range = lower..<upper
            }
            return (keys[range].compactMap { all[$0]?.object }, state.resourceVersion)
        }
    }

    /// Number of objects of `key` (all namespaces).
    public func count(_ key: StorageKey) -> Int {
        state.withLock { $0.objects[key]?.count ?? 0 }
    }

    /// Writes `object` (nil deletes) if the stored resourceVersion still equals `expected` (nil: the
    /// object must not exist). Stamps `metadata.resourceVersion`, logs the change and notifies
    /// watchers. Returns the stored object (for deletes, the last state with the deletion's version).
    @discardableResult
    public func commit(
        _ key: StorageKey, namespace: String, name: String, expected: Int64?, object: JSONValue?
    ) throws(CommitConflict) -> JSONValue {
        let objectKey = Self.objectKey(namespace: namespace, name: name)
        let (stored, slow) = try state.withLock {
            (state: inout State) throws(CommitConflict) -> (JSONValue, [AsyncStream<WatchEvent>.Continuation]) in
            let current = state.objects[key]?[objectKey]
            guard current?.resourceVersion == expected else { throw CommitConflict(current: current) }
            state.resourceVersion += 1
            let version = state.resourceVersion
            let kind: WatchEvent.Kind
            var stored: JSONValue
            if var object {
                object[path: ["metadata", "resourceVersion"]] = .string(String(version))
                state.objects[key, default: [:]][objectKey] = Stored(object: object, resourceVersion: version)
                stored = object
                kind = current == nil ? .added : .modified
                if current == nil { state.sortedKeys[key] = nil }
            } else {
                stored = current?.object ?? .object([:])
                stored[path: ["metadata", "resourceVersion"]] = .string(String(version))
                state.objects[key]?[objectKey] = nil
                state.sortedKeys[key] = nil
                kind = .deleted
            }
            let event = WatchEvent(
                kind: kind, key: key, namespace: namespace, object: stored, previous: current?.object,
                resourceVersion: version)
            let location = ObjectLocation(key: key, namespace: namespace, name: name)
            Self.reindexOwners(location, old: current?.object, new: object, in: &state)
            Self.append(event, to: &state, limit: historyLimit)
            unregisterEndedWatchers(in: &state)
            return (stored, Self.deliver(event, in: &state))
        }
        // Finished outside the lock: finishing runs onTermination, which takes the lock again.
        for continuation in slow { continuation.finish() }
        return stored
    }

    /// Starts a watch. With `from` set, replays every logged change after it first (or throws `TooOld`
    /// when the log no longer reaches back that far); with nil, sends ADDED for every current object
    /// that matches, then live changes. Registration and replay happen under the lock, so no change
    /// is missed or duplicated.
    public func watch(
        _ filter: WatchFilter, from: Int64?
    ) throws(TooOld) -> (events: AsyncStream<WatchEvent>, resourceVersion: Int64, initialCount: Int) {
        let (stream, continuation) = AsyncStream<WatchEvent>.makeStream(
            bufferingPolicy: .bufferingOldest(watcherBufferLimit))
        let (id, initialCount, version) = try state.withLock {
            (state: inout State) throws(TooOld) -> (Int, Int, Int64) in
            var initialCount = 0
            if let from {
                guard from >= state.compactedThrough else {
                    throw TooOld(requested: from, oldest: state.compactedThrough)
                }
                for event in state.log[state.logStart...] where event.resourceVersion > from {
                    if let translated = filter.translate(event) { continuation.yield(translated) }
                }
            } else {
                for (objectKey, stored) in (state.objects[filter.key] ?? [:]).sorted(by: { $0.key < $1.key }) {
                    let namespace = objectKey.contains("/") ? String(objectKey.split(separator: "/")[0]) : ""
                    let event = WatchEvent(
                        kind: .added, key: filter.key, namespace: namespace, object: stored.object, previous: nil,
                        resourceVersion: stored.resourceVersion)
                    if let translated = filter.translate(event) {
                        continuation.yield(translated)
                        initialCount += 1
                    }
                }
            }
            let id = state.nextWatcher
            state.nextWatcher += 1
            if !state.watchesClosed { state.watchers[id] = Watcher(filter: filter, continuation: continuation) }
            return (id, initialCount, state.resourceVersion)
        }
        // After `closeWatches()` a watch still gets what was already due (its initial events), then ends.
        if state.withLock({ $0.watchesClosed }) { continuation.finish() }
        continuation.onTermination = { [weak self] _ in
            self?.endedWatchers.withLock { $0.append(id) }
        }
        return (stream, version, initialCount)
    }

    /// Objects whose ownerReferences name `uid` (the garbage collector's candidates).
    public func dependents(ofOwner uid: String) -> [ObjectLocation] {
        state.withLock { Array($0.dependents[uid] ?? []) }
    }

    static func ownerUIDs(_ object: JSONValue?) -> Set<String> {
        Set((object?[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []).compactMap { $0["uid"]?.stringValue })
    }

    static func reindexOwners(_ location: ObjectLocation, old: JSONValue?, new: JSONValue?, in state: inout State) {
        let before = ownerUIDs(old)
        let after = ownerUIDs(new)
        guard before != after else { return }
        for uid in before.subtracting(after) {
            state.dependents[uid]?.remove(location)
            if state.dependents[uid]?.isEmpty == true { state.dependents[uid] = nil }
        }
        for uid in after.subtracting(before) { state.dependents[uid, default: []].insert(location) }
    }

    /// Binary search: the index of the first key >= `bound`.
    static func firstIndex(in keys: [String], notBelow bound: String) -> Int {
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] < bound { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Forgets the change log, so every watch that resumes from an older version gets 410 Gone
    /// (fault injection; also what etcd compaction does).
    public func compact() {
        state.withLock { state in
            state.compactedThrough = state.resourceVersion
            state.log.removeAll()
            state.logStart = 0
        }
    }

    /// Ends every open watch stream (fault injection: "the connection dropped").
    public func dropWatches() {
        let watchers = state.withLock { state in
            defer { state.watchers.removeAll() }
            return Array(state.watchers.values)
        }
        for watcher in watchers { watcher.continuation.finish() }
    }

    /// Ends every open watch stream and every later one as soon as it has sent its initial events: the
    /// server is shutting down (kube-apiserver closes its watches the same way, so clients see the
    /// stream end instead of a connection that hangs until they give up).
    public func closeWatches() {
        let watchers = state.withLock { state in
            state.watchesClosed = true
            defer { state.watchers.removeAll() }
            return Array(state.watchers.values)
        }
        for watcher in watchers { watcher.continuation.finish() }
    }

    /// Number of live watchers (tests and benchmarks).
    public var watcherCount: Int {
        state.withLock { state in
            unregisterEndedWatchers(in: &state)
            return state.watchers.count
        }
    }

    /// Drops the watchers whose streams ended (see `endedWatchers`); called with `state` held.
    private func unregisterEndedWatchers(in state: inout State) {
        let ended = endedWatchers.withLock { ids in
            defer { ids.removeAll() }
            return ids
        }
        for id in ended { state.watchers[id] = nil }
    }

    private static func append(_ event: WatchEvent, to state: inout State, limit: Int) {
        state.log.append(event)
        let live = state.log.count - state.logStart
        if live > limit {
            state.compactedThrough = state.log[state.logStart].resourceVersion
            state.logStart += 1
            // Reclaim the dropped prefix in bulk so appends stay amortised O(1).
            if state.logStart > limit {
                state.log.removeFirst(state.logStart)
                state.logStart = 0
            }
        }
    }

    /// Hands `event` to every interested watcher; returns the watchers that could not keep up, already
    /// unregistered, for the caller to close (their clients re-watch from their last version).
    private static func deliver(
        _ event: WatchEvent, in state: inout State
    ) -> [AsyncStream<WatchEvent>.Continuation] {
        var slow: [Int] = []
        for (id, watcher) in state.watchers {
            guard let translated = watcher.filter.translate(event) else { continue }
            if case .dropped = watcher.continuation.yield(translated) { slow.append(id) }
        }
        return slow.compactMap { state.watchers.removeValue(forKey: $0)?.continuation }
    }
}
