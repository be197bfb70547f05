import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeCore
import Foundation
import KubeClient
import Logging
import Synchronization

/// Wires the AccessRequest reconciler to the cluster: informers for everything it reads, a work queue
/// fed by their changes, exact-time requeues for deadlines and expiries, a periodic sweep as a safety
/// net, and on start-up overdue grants first.
public final class AccessRequestController: Sendable {
    /// How the controller runs.
    public struct Options: Sendable {
        /// Watch one namespace, or all when nil.
        public var namespace: String?
        public var workers: Int
        /// How often every request is looked at again even without a change.
        public var sweepInterval: Duration

        public init(namespace: String? = nil, workers: Int = 4, sweepInterval: Duration = .seconds(60)) {
            self.namespace = namespace
            self.workers = max(1, workers)
            self.sweepInterval = sweepInterval
        }
    }

    public let caches: GrantCaches
    public let queue: WorkQueue
    public let reconciler: AccessRequestReconciler
    /// What the admission webhook judges requests by: these caches, ready once they have synced.
    /// Serve it on every replica (leader or not) so creates are checked wherever they land.
    public let policyLookup: PolicyLookup
    let informers: Informers
    let options: Options
    let clock: any Clock<Duration>
    let logger: Logger
    let started = Mutex(false)
    let ready = Mutex(false)
    let observer: (@Sendable (_ key: String, _ duration: Duration, _ result: String) -> Void)?

    struct Informers: Sendable {
        let requests: Informer<AccessRequest>
        let policies: Informer<AccessPolicy>
        let bindings: Informer<RoleBinding>
        let namespaces: Informer<Namespace>
        let clusterRoles: Informer<ClusterRole>
        let roles: Informer<Role>
    }

    /// `observer` hears every reconcile (key, duration, result); `metrics`, when given, also records
    /// reconciles, queue waits and revocation lag, and reads this controller's cache and queue at scrape.
    public init(
        client: KubeClient, options: Options = Options(), clock: any Clock<Duration>, now: @escaping @Sendable () -> Date,
        recorder: any EventRecording, audit: any AuditSink, logger: Logger,
        identity: IdentityVerifier,
        observer: (@Sendable (_ key: String, _ duration: Duration, _ result: String) -> Void)? = nil,
        metrics: DrawbridgeMetrics? = nil
    ) {
        self.options = options
        self.clock = clock
        self.logger = logger
        self.observer = Self.both(observer, metrics?.reconcileObserver)
        let managed = "\(Drawbridge.Keys.managedBy)=\(Drawbridge.Keys.managedByValue)"
        informers = Informers(
            requests: Informer(client: client, namespace: options.namespace, clock: clock, logger: logger),
            policies: Informer(client: client, clock: clock, logger: logger),
            bindings: Informer(client: client, namespace: options.namespace, labelSelector: managed, clock: clock, logger: logger),
            namespaces: Informer(client: client, clock: clock, logger: logger),
            clusterRoles: Informer(client: client, clock: clock, logger: logger),
            roles: Informer(client: client, namespace: options.namespace, clock: clock, logger: logger))
        caches = GrantCaches(
            requests: informers.requests.cache, policies: informers.policies.cache, bindings: informers.bindings.cache,
            namespaces: informers.namespaces.cache, clusterRoles: informers.clusterRoles.cache, roles: informers.roles.cache)
        queue = WorkQueue(clock: clock, observer: metrics?.queueWaitObserver)
        let informers = informers
        policyLookup = caches.policyLookup(
            compiled: CompiledPolicies(),
            isReady: {
                informers.policies.hasSynced && informers.namespaces.hasSynced && informers.roles.hasSynced
                    && informers.clusterRoles.hasSynced
            })
        reconciler = AccessRequestReconciler(
            client: client, caches: caches, recorder: recorder, audit: audit, now: now, logger: logger,
            identity: identity, revocationObserver: metrics?.revocationObserver)
        wireHandlers()
        metrics?.track(self)
    }

    /// One reconcile observer calling `first` then `second`, whichever are set.
    static func both(
        _ first: (@Sendable (String, Duration, String) -> Void)?, _ second: (@Sendable (String, Duration, String) -> Void)?
    ) -> (@Sendable (String, Duration, String) -> Void)? {
        guard let first, let second else { return first ?? second }
        return { key, duration, result in
            first(key, duration, result)
            second(key, duration, result)
        }
    }

    /// True once every cache has synced and the first pass over all requests has been queued.
    public var isReady: Bool { ready.withLock { $0 } }

    /// Runs until the task is cancelled.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.informers.requests.run() }
            group.addTask { await self.informers.policies.run() }
            group.addTask { await self.informers.bindings.run() }
            group.addTask { await self.informers.namespaces.run() }
            group.addTask { await self.informers.clusterRoles.run() }
            group.addTask { await self.informers.roles.run() }
            group.addTask {
                await self.waitForCaches()
                guard !Task.isCancelled else { return }
                self.startQueueing()
                let controller = Controller(
                    name: "accessrequest", queue: self.queue, reconciler: self.reconciler, workers: self.options.workers,
                    logger: self.logger, observer: self.observer)
                await withTaskGroup(of: Void.self) { inner in
                    inner.addTask { await controller.run() }
                    inner.addTask { await self.sweep() }
                }
            }
            await group.waitForAll()
        }
        queue.shutdown()
    }

    func waitForCaches() async {
        await informers.requests.waitForSync()
        await informers.policies.waitForSync()
        await informers.bindings.waitForSync()
        await informers.namespaces.waitForSync()
        await informers.clusterRoles.waitForSync()
        await informers.roles.waitForSync()
    }

    /// Turns the handlers on and queues every request: overdue grants first, soonest expiry first, so
    /// a controller that was down revokes what expired meanwhile before anything else.
    func startQueueing() {
        started.withLock { $0 = true }
        let now = reconciler.now()
        let requests = caches.requests.list()
        let overdue = requests.filter { request in
            guard let phase = request.status?.phase, phase == .active || phase == .approved,
                let expiresAt = request.status?.expiresAt
            else { return false }
            return expiresAt.date <= now
        }.sorted { ($0.status?.expiresAt?.date ?? now) < ($1.status?.expiresAt?.date ?? now) }
        for request in overdue { queue.add(request.key) }
        if !overdue.isEmpty { logger.info("revoking \(overdue.count) grant(s) that expired while the controller was away") }
        for request in requests { queue.add(request.key) }
        for key in caches.requests.undecodable().keys { queue.add(key) }
        for binding in caches.bindings.list() { enqueueOwner(of: binding) }
        ready.withLock { $0 = true }
    }

    /// Safety net: every `sweepInterval`, look at every request that is not finished.
    func sweep() async {
        while !Task.isCancelled {
            do {
                try await clock.sleep(for: options.sweepInterval)
            } catch {
                return
            }
            for request in caches.requests.list() where request.status?.phase?.isTerminal != true {
                queue.add(request.key)
            }
            for binding in caches.bindings.list() { enqueueOwner(of: binding) }
        }
    }

    func wireHandlers() {
        informers.requests.addHandler { [self] change in
            reconciler.cacheChanged(request: change.key)
            guard isStarted else { return }
            switch change {
            case .upserted(let request, _): queue.add(request.key)
            case .deleted(let request): queue.add(request.key)
            case .undecodable(let object): queue.add(object.key)
            case .removedUndecodable(let key): queue.add(key)
            }
        }
        informers.bindings.addHandler { [self] change in
            reconciler.cacheChanged(binding: change.key)
            guard isStarted else { return }
            switch change {
            case .upserted(let binding, _), .deleted(let binding): enqueueOwner(of: binding)
            case .undecodable, .removedUndecodable: break
            }
        }
        let everything: @Sendable () -> Void = { [self] in
            guard isStarted else { return }
            for request in caches.requests.list() where request.status?.phase?.isTerminal != true {
                queue.add(request.key)
            }
        }
        informers.policies.addHandler { _ in everything() }
        informers.clusterRoles.addHandler { _ in everything() }
        informers.roles.addHandler { _ in everything() }
        informers.namespaces.addHandler { [self] change in
            guard isStarted, case .upserted(let namespace, let old) = change,
                namespace.metadata.labels != old?.metadata.labels
            else { return }
            for request in caches.requests.list(namespace: namespace.metadata.name ?? "")
            where request.status?.phase?.isTerminal != true {
                queue.add(request.key)
            }
        }
    }

    var isStarted: Bool { started.withLock { $0 } }

    func enqueueOwner(of binding: RoleBinding) {
        guard let request = binding.metadata.labels?[Drawbridge.Keys.request] else { return }
        queue.add("\(binding.metadata.namespace ?? "")/\(request)")
    }
}
