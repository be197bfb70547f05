import APIServerEmulator
import DrawbridgeAPI
import Testing

@Suite("Object store")
struct ObjectStoreTests {
    let key = StorageKey(group: "", plural: "configmaps")

    func object(_ name: String) -> JSONValue { ["metadata": ["name": .string(name), "namespace": "ns"]] }

    @Test("Commits are compare-and-swap on resourceVersion and deletes remove the object")
    func compareAndSwap() throws {
        let store = ObjectStore()
        let created = try store.commit(key, namespace: "ns", name: "a", expected: nil, object: object("a"))
        #expect(created.rv == "1")
        #expect(throws: ObjectStore.CommitConflict.self) {
            try store.commit(key, namespace: "ns", name: "a", expected: nil, object: object("a"))
        }
        #expect(throws: ObjectStore.CommitConflict.self) {
            try store.commit(key, namespace: "ns", name: "a", expected: 7, object: object("a"))
        }
        let deleted = try store.commit(key, namespace: "ns", name: "a", expected: 1, object: nil)
        #expect(deleted.rv == "2")
        #expect(store.get(key, namespace: "ns", name: "a") == nil)
        #expect(store.list(key, namespace: "ns").items.isEmpty)
    }

    @Test("A watch from a resourceVersion replays later changes, then streams live ones")
    func watchReplay() async throws {
        let store = ObjectStore()
        try store.commit(key, namespace: "ns", name: "a", expected: nil, object: object("a"))
        try store.commit(key, namespace: "ns", name: "b", expected: nil, object: object("b"))
        let (events, _, _) = try store.watch(WatchFilter(key: key, namespace: "ns"), from: 1)
        try store.commit(key, namespace: "ns", name: "a", expected: 1, object: nil)
        var seen: [String] = []
        for await event in events {
            seen.append(
                "\(event.kind.rawValue) \(event.object[path: ["metadata", "name"]]?.stringValue ?? "")@\(event.resourceVersion)"
            )
            if seen.count == 2 { break }
        }
        #expect(seen == ["ADDED b@2", "DELETED a@3"])
    }

    @Test("A watch from a compacted resourceVersion is refused as too old")
    func tooOld() throws {
        let store = ObjectStore(historyLimit: 2)
        for name in ["a", "b", "c", "d"] {
            try store.commit(key, namespace: "ns", name: name, expected: nil, object: object(name))
        }
        #expect(throws: ObjectStore.TooOld.self) { try store.watch(WatchFilter(key: key, namespace: nil), from: 1) }
        _ = try store.watch(WatchFilter(key: key, namespace: nil), from: 2)
        store.compact()
        #expect(throws: ObjectStore.TooOld.self) { try store.watch(WatchFilter(key: key, namespace: nil), from: 3) }
    }

    @Test("An object that stops matching a selector is sent as DELETED, one that starts matching as ADDED")
    func selectorTransitions() throws {
        let filter = WatchFilter(key: key, namespace: nil) { $0[path: ["metadata", "labels", "app"]] == "x" }
        let labelled: JSONValue = ["metadata": ["name": "a", "labels": ["app": "x"]]]
        let plain: JSONValue = ["metadata": ["name": "a"]]
        func event(_ kind: WatchEvent.Kind, _ new: JSONValue, _ old: JSONValue?) -> WatchEvent.Kind? {
            filter.translate(
                WatchEvent(kind: kind, key: key, namespace: "", object: new, previous: old, resourceVersion: 1))?.kind
        }
        #expect(event(.modified, plain, labelled) == .deleted)
        #expect(event(.modified, labelled, plain) == .added)
        #expect(event(.modified, plain, plain) == nil)
        #expect(event(.added, plain, nil) == nil)
    }
}

@Suite("Object store owner index")
struct OwnerIndexTests {
    let key = StorageKey(group: "", plural: "configmaps")

    func object(_ name: String, owners: [String]) -> JSONValue {
        ["metadata": ["name": .string(name), "ownerReferences": .array(owners.map { ["uid": .string($0)] })]]
    }

    @Test("Dependents are indexed by owner uid and follow updates and deletes")
    func ownerIndex() throws {
        let store = ObjectStore()
        try store.commit(key, namespace: "ns", name: "d", expected: nil, object: object("d", owners: ["u1", "u2"]))
        #expect(store.dependents(ofOwner: "u1").map(\.name) == ["d"])
        try store.commit(key, namespace: "ns", name: "d", expected: 1, object: object("d", owners: ["u2"]))
        #expect(store.dependents(ofOwner: "u1").isEmpty)
        #expect(store.dependents(ofOwner: "u2").map(\.namespace) == ["ns"])
        try store.commit(key, namespace: "ns", name: "d", expected: 2, object: nil)
        #expect(store.dependents(ofOwner: "u2").isEmpty)
    }
}

@Suite("Object store: watchers going away under load")
struct ObjectStoreWatchCancellationTests {
    let key = StorageKey(group: "", plural: "configmaps")

    /// A consumer cancelled while commits stream to it once deadlocked the store: cancellation ran the
    /// stream's termination handler (which took the store's lock) while a commit, holding that lock,
    /// waited to resume the same consumer. Many rounds of both at once must all finish, and every
    /// ended watch must be unregistered.
    @Test("Watches cancelled while commits stream to them never stall the store, and are unregistered")
    func cancelDuringDelivery() async throws {
        let store = ObjectStore()
        let object: JSONValue = ["metadata": ["name": "a", "namespace": "ns"]]
        var version = try store.commit(key, namespace: "ns", name: "a", expected: nil, object: object).rv
        for _ in 0..<40 {
            var consumers: [Task<Void, Never>] = []
            for _ in 0..<8 {
                let (events, _, _) = try store.watch(WatchFilter(key: key, namespace: nil), from: nil)
                consumers.append(Task { for await _ in events {} })
            }
            let key = self.key
            let writer = Task { [version] in
                var current = version
                for _ in 0..<50 {
                    current = try store.commit(
                        key, namespace: "ns", name: "a", expected: Int64(current), object: object
                    ).rv
                }
                return current
            }
            for consumer in consumers { consumer.cancel() }
            version = try await writer.value
            for consumer in consumers { await consumer.value }
        }
        #expect(store.watcherCount == 0)
        #expect(version == String(1 + 40 * 50))
    }
}
