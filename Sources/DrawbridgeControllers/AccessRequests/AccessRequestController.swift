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
///
/// With leader election, every replica keeps its caches warm (the webhook judges policy from them),
/// but only the leader reconciles: each leadership term gets a fresh work queue, filled with every
/// request (overdue grants first) when the term starts and dropped the moment it ends.
public final class AccessRequestController: Sendable {
    /// How the controller runs.
    public struct Options: Sendable {
        /// Watch one namespace, or all when nil.
        public var namespace: String?
        public var workers: Int
        /// How often every request is looked at again even without a change.
        public var sweepInterval: Duration
        /// Compete for this Lease and reconcile only while holding it; nil reconciles always.
        public var leaderElection: LeaderElectionConfig?

        public init(
            namespace: String? = nil, workers: Int = 4, sweepInterval: Duration = .seconds(60),
            leaderElection: LeaderElectionConfig? = nil
        ) {
            self.namespace = namespace
            self.workers = max(1, workers)
            self.sweepInterval = sweepInterval
            self.leaderElection = leaderElection
        }
    }

    public let caches: GrantCaches
    /// Present when the controller competes for leadership.
    public let leaderElector: LeaderElector?
    public let reconciler: AccessRequestReconciler
    /// What the admission webhook judges requests by: these caches, ready once they have synced.
    /// Serve it on every replica (leader or not) so creates are checked wherever they land.
    public let policyLookup: PolicyLookup
    let informers: Informers
    let options: Options
    let clock: any Clock<Duration>
    let logger: Logger
    /// The current leadership term's queue; nil while not reconciling (changes are then dropped:
    /// the next term queues everything anyway).
    let term = Mutex<WorkQueue?>(nil)
    let synced = Mutex(false)
    /// The keys of the current term's first pass not yet reconciled; nil before a term starts.
    /// Empty means the first pass is done.
    let firstPass = Mutex<Set<String>?>(nil)
    let observer: (@Sendable (_ key: String, _ duration: Duration, _ result: String) -> Void)?
    /// Hears adds, retries, waits and work durations in every term's queue (metrics).
    let queueObserver: WorkQueueObserver

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
        client: KubeClient, options: Options = Options(), clock: any Clock<Duration>,
        now: @escaping @Sendable () -> Date,
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
            bindings: Informer(
                client: client, namespace: options.namespace, labelSelector: managed, clock: clock, logger: logger),
            namespaces: Informer(client: client, clock: clock, logger: logger),
            clusterRoles: Informer(client: client, clock: clock, logger: logger),
            roles: Informer(client: client, namespace: options.namespace, clock: clock, logger: logger))
        caches = GrantCaches(
            requests: informers.requests.cache, policies: informers.policies.cache, bindings: informers.bindings.cache,
            namespaces: informers.namespaces.cache, clusterRoles: informers.clusterRoles.cache,
            roles: informers.roles.cache)
        leaderElector = options.leaderElection.map {
            LeaderElector(config: $0, client: client, clock: clock, now: now, logger: logger)
        }
        queueObserver = metrics?.workQueueObserver ?? WorkQueueObserver()
        let informers = informers
        policyLookup = caches.policyLookup(
            compiled: CompiledPolicies(),
            isReady: {
                informers.policies.hasSynced && informers.namespaces.hasSynced && informers.roles.hasSynced
                    && informers.clusterRoles.hasSynced
            })
        reconciler = AccessRequestReconciler(
            client: client, caches: caches, recorder: recorder, audit: audit, now: now, logger: logger,
            identity: identity, policyLookup: policyLookup, revocationObserver: metrics?.revocationObserver)
        wireHandlers()
        metrics?.track(self)
    }

    /// One reconcile observer calling `first` then `second`, whichever are set.
    static func both(
        _ first: (@Sendable (String, Duration, String) -> Void)?,
        _ second: (@Sendable (String, Duration, String) -> Void)?
    ) -> (@Sendable (String, Duration, String) -> Void)? {
        guard let first, let second else { return first ?? second }
        return { key, duration, result in
            first(key, duration, result)
            second(key, duration, result)
        }
    }

    /// True once every cache has synced and, when this replica reconciles, the first pass over all
    /// requests is done (each reconciled once, whatever the outcome). A standby (not the leader) is
    /// ready once its caches have synced: it serves the webhook.
    public var isReady: Bool {
        guard synced.withLock({ $0 }) else { return false }
        if let leaderElector, !leaderElector.isLeader { return true }
        return firstPass.withLock { $0?.isEmpty ?? false }
    }

    /// Keys waiting in the current term's queue (0 when not reconciling).
    public var queueDepth: Int { term.withLock { $0 }?.depth ?? 0 }

    /// True while this replica reconciles (always, without leader election, once started).
    public var isReconciling: Bool { term.withLock { $0 } != nil }

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
                self.synced.withLock { $0 = true }
                guard !Task.isCancelled else { return }
                if let elector = self.leaderElector {
                    await elector.run { await self.reconcileUntilCancelled() }
                } else {
                    await self.reconcileUntilCancelled()
                }
            }
            await group.waitForAll()
        }
    }

    /// One leadership term: a fresh queue filled with every request, workers and the sweep, until
    /// cancelled (shutdown, or leadership lost); then the queue is dropped.
    func reconcileUntilCancelled() async {
        let queue = WorkQueue(clock: clock, observing: queueObserver)
        startQueueing(into: queue)
        let controller = Controller(
            name: "accessrequest", queue: queue, reconciler: reconciler, workers: options.workers, logger: logger
        ) { [self] key, duration, result in
            firstPass.withLock { _ = $0?.remove(key) }
            observer?(key, duration, result)
        }
        await withTaskGroup(of: Void.self) { inner in
            inner.addTask { await controller.run() }
            inner.addTask { await self.sweep() }
        }
        term.withLock { $0 = nil }
        firstPass.withLock { $0 = nil }
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
    func startQueueing(into queue: WorkQueue) {
        // The handlers queue changes from here on, before the caches are read below: a change that
        // lands in between is queued twice (the queue keeps one), never lost until the next sweep.
        term.withLock { $0 = queue }
        let now = reconciler.now()
        let requests = caches.requests.list()
        let overdue = requests.filter { request in
            guard let phase = request.status?.phase, phase == .active || phase == .approved,
                let expiresAt = request.status?.expiresAt
            else { return false }
            return expiresAt.date <= now
        }.sorted { ($0.status?.expiresAt?.date ?? now) < ($1.status?.expiresAt?.date ?? now) }
        let keys =
            overdue.map(\.key) + requests.map(\.key) + Array(caches.requests.undecodable().keys)
            + caches.bindings.list().compactMap(Self.ownerKey)
        firstPass.withLock { $0 = Set(keys) }
        for key in keys { queue.add(key) }
        if !overdue.isEmpty {
            logger.info("revoking \(overdue.count) grant(s) that expired while the controller was away")
        }
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
                enqueue(request.key)
            }
            for binding in caches.bindings.list() { enqueueOwner(of: binding) }
        }
    }

    func wireHandlers() {
        informers.requests.addHandler { [self] change in
            reconciler.cacheChanged(request: change.key)
            switch change {
            case .upserted(let request, _): enqueue(request.key)
            case .deleted(let request): enqueue(request.key)
            case .undecodable(let object): enqueue(object.key)
            case .removedUndecodable(let key): enqueue(key)
            }
        }
        informers.bindings.addHandler { [self] change in
            reconciler.cacheChanged(binding: change.key)
            switch change {
            case .upserted(let binding, _), .deleted(let binding): enqueueOwner(of: binding)
            case .undecodable, .removedUndecodable: break
            }
        }
        let everything: @Sendable () -> Void = { [self] in
            guard isReconciling else { return }
            for request in caches.requests.list() where request.status?.phase?.isTerminal != true {
                enqueue(request.key)
            }
        }
        informers.policies.addHandler { _ in everything() }
        informers.clusterRoles.addHandler { _ in everything() }
        informers.roles.addHandler { _ in everything() }
        informers.namespaces.addHandler { [self] change in
            guard isReconciling, case .upserted(let namespace, let old) = change,
                namespace.metadata.labels != old?.metadata.labels
            else { return }
            for request in caches.requests.list(namespace: namespace.metadata.name ?? "")
            where request.status?.phase?.isTerminal != true {
                enqueue(request.key)
            }
        }
    }

    /// Adds `key` to the current term's queue; dropped when not reconciling.
    func enqueue(_ key: String) {
        term.withLock { $0 }?.add(key)
    }

    func enqueueOwner(of binding: RoleBinding) {
        if let key = Self.ownerKey(of: binding) { enqueue(key) }
    }

    /// `namespace/request` of the request a managed binding says it belongs to.
    static func ownerKey(of binding: RoleBinding) -> String? {
        guard let request = binding.metadata.labels?[Drawbridge.Keys.request] else { return nil }
        return "\(binding.metadata.namespace ?? "")/\(request)"
    }
}
