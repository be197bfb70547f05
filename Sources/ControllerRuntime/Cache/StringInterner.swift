import DrawbridgeAPI
import Synchronization

/// Shares one copy of the strings that repeat across cached objects (label and annotation keys, a
/// policy's name, `rbac.authorization.k8s.io`), so ten thousand cached objects do not hold ten
/// thousand copies of each. A decoder makes a new string for every member it reads; a Swift string
/// longer than 15 UTF-8 bytes lives on the heap, about 64 bytes apiece.
///
/// The table is bounded: once it holds `capacity` strings it starts over, so values that never
/// repeat (uids, timestamps) cannot grow it without end; strings already shared stay shared. Long
/// strings (over `longest` bytes, such as a last-applied-configuration annotation) are left alone,
/// and so are maps holding one: they rarely repeat, and the table would keep them alive.
public final class StringInterner: Sendable {
    /// The strings seen so far, and the lists and maps (labels, annotations) made of them.
    public struct Table {
        var strings: Set<String> = []
        var lists: Set<[String]> = []
        var maps: Set<[String: String]> = []
        let capacity: Int
        /// Strings longer than this (in UTF-8 bytes) are left alone.
        static let longest = 256

        /// Replaces `string` by the equal one already in the table (adding it when new).
        public mutating func intern(_ string: inout String) {
            // Up to 15 UTF-8 bytes a string is stored inline: there is nothing to share.
            guard (16...Self.longest).contains(string.utf8.count) else { return }
            if let index = strings.firstIndex(of: string) {
                string = strings[index]
                return
            }
            if strings.count >= capacity { strings.removeAll(keepingCapacity: true) }
            strings.insert(string)
        }

        /// Interns `string`, when present.
        public mutating func intern(_ string: inout String?) {
            guard var value = string else { return }
            intern(&value)
            string = value
        }

        /// Interns every string of `array`, then the array itself (finalizers, a requester's groups).
        public mutating func intern(_ array: inout [String]?) {
            guard let values = array, !values.isEmpty else { return }
            if let index = lists.firstIndex(of: values) {
                array = lists[index]
                return
            }
            let interned = values.map { value in
                var value = value
                intern(&value)
                return value
            }
            if lists.count >= capacity { lists.removeAll(keepingCapacity: true) }
            lists.insert(interned)
            array = interned
        }

        /// Interns every key and value of `map`, then the map itself: objects of one kind often
        /// carry the very same labels.
        public mutating func intern(_ map: inout [String: String]?) {
            guard let values = map, !values.isEmpty else { return }
            if let index = maps.firstIndex(of: values) {
                map = maps[index]
                return
            }
            var interned: [String: String] = [:]
            interned.reserveCapacity(values.count)
            for (key, value) in values {
                var key = key
                var value = value
                intern(&key)
                intern(&value)
                interned[key] = value
            }
            map = interned
            guard interned.values.allSatisfy({ $0.utf8.count <= Self.longest }) else { return }
            if maps.count >= capacity { maps.removeAll(keepingCapacity: true) }
            maps.insert(interned)
        }

        /// Interns what repeats in object metadata: label and annotation maps, finalizers, owner
        /// references' apiVersion and kind. Names and uids are left alone: they do not repeat.
        public mutating func intern(_ metadata: inout ObjectMeta) {
            intern(&metadata.namespace)
            intern(&metadata.labels)
            intern(&metadata.annotations)
            intern(&metadata.finalizers)
            if var owners = metadata.ownerReferences {
                for index in owners.indices {
                    intern(&owners[index].apiVersion)
                    intern(&owners[index].kind)
                }
                metadata.ownerReferences = owners
            }
        }
    }

    private let table: Mutex<Table>

    /// An interner that starts over once it holds `capacity` strings (or maps).
    public init(capacity: Int = 4096) {
        table = Mutex(Table(capacity: max(1, capacity)))
    }

    /// Runs `body` with the table locked: intern all of one object's strings in one go.
    public func withTable<T: Sendable>(_ body: (inout Table) -> T) -> T {
        table.withLock { body(&$0) }
    }

    /// How many strings the table holds, for tests.
    public var count: Int { table.withLock { $0.strings.count } }
}
