import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeCore
import Foundation
import KubeClient
import Logging
import Synchronization

/// Removes, in one `deletecollection` per namespace (and one for ClusterRoleBindings), every grant
/// binding due at once, so thousands
/// of grants ending at one instant cost a handful of API calls instead of one each. The planner
/// still decides every expiry; this only lets the first reconcile that deletes an expired grant's
/// binding take all the others due with it (`DueBindings` chooses them, never early), and the
/// reconciles that follow skip the deletes already done and record the rest.
final class MassRevoker: Sendable {
    let client: KubeClient
    let caches: GrantCaches
    let gatherer: AccessRequestGatherer
    let now: @Sendable () -> Date
    let logger: Logger
    /// Hears how late each expired grant's binding went (the revocation-lag metric).
    let revocationObserver: (@Sendable (_ lag: Duration) -> Void)?
    /// The sweep under way, which concurrent callers share.
    let running = Mutex<Task<Set<ObjectKey>, Never>?>(nil)

    init(
        client: KubeClient, caches: GrantCaches, gatherer: AccessRequestGatherer, now: @escaping @Sendable () -> Date,
        logger: Logger, revocationObserver: (@Sendable (_ lag: Duration) -> Void)?
    ) {
        self.client = client
        self.caches = caches
        self.gatherer = gatherer
        self.now = now
        self.logger = logger
        self.revocationObserver = revocationObserver
    }

    /// Deletes every binding that may go in bulk now (or waits for the sweep already under way) and
    /// returns the keys of the bindings deleted. Never throws: a batch that fails leaves its bindings
    /// to their own reconciles.
    func revokeDue() async -> Set<ObjectKey> {
        let task = running.withLock { running -> Task<Set<ObjectKey>, Never> in
            if let task = running { return task }
            let task = Task { await RequestLane.$current.withValue(.revocation) { await self.sweep() } }
            running = task
            return task
        }
        let deleted = await task.value
        running.withLock { if $0 == task { $0 = nil } }
        return deleted
    }

    /// One sweep: a call per batch, concurrently.
    func sweep() async -> Set<ObjectKey> {
        let at = now()
        let bindings = caches.allBindings().filter { gatherer.bindingWrites.view($0.key, cached: $0) != nil }
        let caches = caches
        let batches = DueBindings.batches(bindings: bindings, request: { caches.request($0) }, now: at)
        guard !batches.isEmpty else { return [] }
        return await withTaskGroup(of: [RoleBinding].self) { group in
            for batch in batches {
                group.addTask {
                    do {
                        guard let namespace = batch.namespace else {
                            return try await self.client.deleteCollection(
                                ClusterRoleBinding.self, namespace: nil, labelSelector: batch.labelSelector
                            ).map(RoleBinding.init)
                        }
                        return try await self.client.deleteCollection(
                            RoleBinding.self, namespace: namespace, labelSelector: batch.labelSelector)
                    } catch {
                        self.logger.warning(
                            "bulk revocation failed; each grant is revoked on its own",
                            metadata: ["namespace": "\(batch.namespace ?? "(cluster-wide)")", "error": "\(error)"])
                        return []
                    }
                }
            }
            var deleted = Set<ObjectKey>()
            for await removed in group {
                let done = now()
                for binding in removed {
                    deleted.insert(binding.key)
                    gatherer.wrote(binding: binding.key, replacing: caches.binding(binding.key), with: nil)
                    // Lag is about grants: a leftover of a finished or vanished request has none.
                    let owner = binding.metadata.labels?[Drawbridge.Keys.request].flatMap {
                        caches.request(ObjectKey(namespace: binding.metadata.namespace, name: $0))
                    }
                    if let phase = owner?.status?.phase, phase == .active || phase == .approved,
                        let due = GrantBinding.labelledExpiry(of: binding)
                    {
                        revocationObserver?(Duration(timeInterval: done.timeIntervalSince(due)))
                    }
                }
            }
            logger.info("revoked \(deleted.count) binding(s) due at once in \(batches.count) call(s)")
            return deleted
        }
    }
}
