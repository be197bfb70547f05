import DrawbridgeAPI
import Foundation

/// Decides whether an event is new or a repeat of one written recently, as client-go's
/// `EventCorrelator` does, so a reconcile loop that says the same thing every pass bumps one
/// Event's `count` instead of flooding the namespace. Pure: time is passed in.
struct EventCorrelator: Sendable {
    /// What makes two events "the same": client-go's event key. The object's resourceVersion is left
    /// out, since it changes with every write and would defeat the merging.
    struct Key: Hashable, Sendable {
        var regarding: ObjectReference
        var type: Event.EventType
        var reason: String
        var message: String

        init(regarding: ObjectReference, type: Event.EventType, reason: String, message: String) {
            var regarding = regarding
            regarding.resourceVersion = nil
            self.regarding = regarding
            self.type = type
            self.reason = reason
            self.message = message
        }
    }

    /// The Event already written for a key.
    struct Entry: Sendable {
        var name: String
        var namespace: String
        var count: Int32
        var lastSeen: Date
    }

    /// What to write.
    enum Decision: Equatable, Sendable {
        /// Create a new Event with this name.
        case create(name: String, namespace: String)
        /// Patch the existing Event to this count.
        case bump(name: String, namespace: String, count: Int32)
    }

    /// Repeats within this window are merged.
    var window: Duration = .seconds(600)
    /// Entries kept at most; the least recently seen are dropped first.
    var capacity = 4096
    var entries: [Key: Entry] = [:]
    /// The last name suffix handed out, so names stay unique even when the wall clock stands still.
    var lastStamp: UInt64 = 0

    /// Decides for an event seen at `now`, and records it as written.
    mutating func decide(_ key: Key, now: Date) -> Decision {
        if var entry = entries[key], now.timeIntervalSince(entry.lastSeen) <= window.timeInterval {
            entry.count += 1
            entry.lastSeen = now
            entries[key] = entry
            return .bump(name: entry.name, namespace: entry.namespace, count: entry.count)
        }
        let namespace = key.regarding.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        let name = nextName(for: key.regarding, now: now)
        entries[key] = Entry(name: name, namespace: namespace, count: 1, lastSeen: now)
        trim(now: now)
        return .create(name: name, namespace: namespace)
    }

    /// Forgets `key` when its Event named `name` could not be written (or vanished).
    mutating func forget(_ key: Key, name: String) {
        if entries[key]?.name == name { entries[key] = nil }
    }

    /// `<object name>.<hex nanoseconds>`, as client-go names events; strictly increasing per recorder.
    mutating func nextName(for regarding: ObjectReference, now: Date) -> String {
        let nanos = UInt64(max(0, now.timeIntervalSince1970) * 1_000_000_000)
        lastStamp = max(nanos, lastStamp + 1)
        let base = (regarding.name ?? "").isEmpty ? "event" : regarding.name ?? "event"
        return "\(base).\(String(lastStamp, radix: 16))"
    }

    /// Once over capacity, drops expired entries and then the oldest, down to 7/8 of `capacity`, so
    /// the next trim is `capacity / 8` new keys away. (Trimming to exactly `capacity` filtered and
    /// sorted every entry on every new key once a burst of more than `capacity` distinct events, such
    /// as thousands of grants expiring at once, had filled it.)
    mutating func trim(now: Date) {
        guard entries.count > capacity else { return }
        let window = window.timeInterval
        entries = entries.filter { now.timeIntervalSince($0.value.lastSeen) <= window }
        let keep = capacity - capacity / 8
        if entries.count > keep {
            let oldest = entries.sorted { $0.value.lastSeen < $1.value.lastSeen }.prefix(entries.count - keep)
            for (key, _) in oldest { entries[key] = nil }
        }
    }
}
