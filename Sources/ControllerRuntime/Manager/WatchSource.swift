import DrawbridgeAPI

/// One informer a managed controller runs, with its type erased: how to run it, wait for it, and
/// turn its changes into keys of the primary resource.
struct WatchSource: Sendable {
    /// Runs the informer until cancelled.
    let run: @Sendable () async -> Void
    /// Returns once the informer's first list is in its cache.
    let waitForSync: @Sendable () async -> Void
    /// True once the informer's first list is in its cache.
    let hasSynced: @Sendable () -> Bool
    /// Registers `enqueue` to hear the primary keys each change maps to; changes are mapped only
    /// while `isActive` says someone listens.
    let connect:
        @Sendable (
            _ isActive: @escaping @Sendable () -> Bool, _ enqueue: @escaping @Sendable ([ObjectKey]) -> Void
        ) -> Void
    /// The primary keys everything in this informer's cache maps to (the owners of owned objects),
    /// for the first pass and the resync; empty for watched resources.
    let ownerKeys: @Sendable () -> [ObjectKey]

    init<R: KubeResource>(
        _ informer: Informer<R>, map: @escaping @Sendable (CacheChange<R>) -> [ObjectKey],
        ownerKeys: @escaping @Sendable () -> [ObjectKey] = { [] }
    ) {
        run = { await informer.run() }
        waitForSync = { await informer.waitForSync() }
        hasSynced = { informer.hasSynced }
        connect = { isActive, enqueue in
            informer.addHandler { change in
                if isActive() { enqueue(map(change)) }
            }
        }
        self.ownerKeys = ownerKeys
    }
}
