import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeCore
import Foundation
import KubeClient
import Logging

/// The AccessRequest controller: wiring only. Informers for everything the reconciler reads, the
/// mapping from each change to the requests it concerns, and the first pass that revokes grants
/// which expired while no controller ran; the `ManagedController` from ControllerRuntime owns the
/// queue, the leadership term, readiness and the resync.
public final class AccessRequestController: Sendable {
    /// How the controller runs.
    public struct Options: Sendable {
        /// Watch one namespace, or all when nil. A controller confined to one namespace leaves
        /// ClusterAccessRequests alone (it neither watches them nor their ClusterRoleBindings).
        public var namespace: String?
        /// Requests reconciled in parallel.
        public var workers: Int
        /// A reconcile mostly waits on the API server (a binding, then a status, each a round trip),
        /// so more workers than cores keep a burst of approvals from queueing: in burst-only runs
        /// over the wire (Drawbridge alone, one run each), 16 workers cut the 200-approval burst's
        /// approve -> Active p99 from 0.28 s (4 workers) to 0.17-0.18 s; beside the Kopf peer see
        /// docs/benchmarks.md. The client's --qps/--burst still bound the API load.
        public static let defaultWorkers = 16
        /// How often every unfinished request is looked at again even without a change.
        public var sweepInterval: Duration
        /// Compete for this Lease and reconcile only while holding it; nil reconciles always.
        public var leaderElection: LeaderElectionConfig?
        /// What applies where a policy says nothing (`--max-active-per-requester`).
        public var policyDefaults: PolicyDefaults

        public init(
            namespace: String? = nil, workers: Int = defaultWorkers, sweepInterval: Duration = .seconds(60),
            leaderElection: LeaderElectionConfig? = nil, policyDefaults: PolicyDefaults = PolicyDefaults()
        ) {
            self.namespace = namespace
            self.workers = max(1, workers)
            self.sweepInterval = sweepInterval
            self.leaderElection = leaderElection
            self.policyDefaults = policyDefaults
        }
    }

    public let caches: GrantCaches
    public let reconciler: AccessRequestReconciler
    /// What the admission webhook judges requests by: these caches, ready once they have synced.
    /// Serve it on every replica (leader or not) so creates are checked wherever they land.
    public let policyLookup: PolicyLookup
    /// The informers, queue, leadership term, readiness and resync.
    public let manager: ManagedController
    /// Delivers notifications while this replica leads; nil when notifications are off.
    public let notifications: NotificationDispatcher?

    /// `observer` hears every reconcile (key, duration, result); `metrics`, when given, also records
    /// reconciles, queue waits and revocation lag, and reads this controller's cache and queue at scrape.
    public init(
        client: KubeClient, options: Options = Options(), clock: any Clock<Duration>,
        now: @escaping @Sendable () -> Date,
        recorder: any EventRecording, audit: any AuditSink, logger: Logger, identity: IdentityVerifier,
        observer: ReconcileObserver? = nil, metrics: DrawbridgeMetrics? = nil,
        planner: @escaping @Sendable (PlanInput) -> Plan = AccessRequestPlanner.plan,
        notifications: NotificationDispatcher.Settings? = nil
    ) {
        let managed = "\(Drawbridge.Keys.managedBy)=\(Drawbridge.Keys.managedByValue)"
        let requests = Informer<AccessRequest>(
            client: client, namespace: options.namespace, clock: clock, logger: logger, compact: CompactGrants.request)
        let policies = Informer<AccessPolicy>(client: client, clock: clock, logger: logger)
        let bindings = Informer<RoleBinding>(
            client: client, namespace: options.namespace, labelSelector: managed, clock: clock, logger: logger,
            compact: CompactGrants.binding)
        let namespaces = Informer<Namespace>(client: client, clock: clock, logger: logger)
        let clusterRoles = Informer<ClusterRole>(client: client, clock: clock, logger: logger)
        let roles = Informer<Role>(client: client, namespace: options.namespace, clock: clock, logger: logger)
        // Cluster-wide grants: only a controller that watches every namespace handles them.
        let clusterWide = options.namespace == nil
        let clusterRequests = Informer<ClusterAccessRequest>(client: client, clock: clock, logger: logger)
        let clusterBindings = Informer<ClusterRoleBinding>(
            client: client, labelSelector: managed, clock: clock, logger: logger)
        let caches = GrantCaches(
            requests: requests.cache, policies: policies.cache, bindings: bindings.cache, namespaces: namespaces.cache,
            clusterRoles: clusterRoles.cache, roles: roles.cache, clusterRequests: clusterRequests.cache,
            clusterBindings: clusterBindings.cache)
        self.caches = caches
        caches.indexRequesters(requests: requests, clusterRequests: clusterRequests)
        policyLookup = caches.policyLookup(
            compiled: CompiledPolicies(defaults: options.policyDefaults),
            isReady: { policies.hasSynced && namespaces.hasSynced && roles.hasSynced && clusterRoles.hasSynced })
        let reconciler = AccessRequestReconciler(
            client: client, caches: caches, recorder: recorder, audit: audit, now: now, logger: logger,
            identity: identity, policyLookup: policyLookup, revocationObserver: metrics?.revocationObserver,
            planner: planner)
        self.reconciler = reconciler
        // The gatherer hears each change before the key is queued, so its view of our own writes is
        // up to date when the reconcile runs.
        requests.addHandler { reconciler.gatherer.cacheChanged(request: $0.key) }
        bindings.addHandler { reconciler.gatherer.cacheChanged(binding: $0.key) }
        clusterRequests.addHandler { reconciler.gatherer.cacheChanged(request: $0.key) }
        clusterBindings.addHandler { reconciler.gatherer.cacheChanged(binding: $0.key) }
        let notifier = notifications.map {
            NotificationDispatcher(
                client: client, caches: caches, settings: $0, clock: clock,
                now: now,
                logger: logger, recorder: recorder, identity: identity, observer: metrics?.notificationObserver)
        }
        self.notifications = notifier
        if let notifier {
            requests.addHandler { notifier.requestChanged($0) }
            clusterRequests.addHandler { notifier.requestChanged($0) }
        }
        var deliver: (@Sendable () async -> Void)?
        if let notifier { deliver = { await notifier.runTerm() } }
        var builder = ControllerBuilder(for: requests).owns(bindings, owner: Self.ownerKey)
        if clusterWide {
            builder = builder.alsoFor(clusterRequests).owns(clusterBindings, owner: Self.ownerKey(ofClusterBinding:))
        }
        manager =
            builder
            .watches(policies) { _ in caches.unfinishedRequests() }
            .watches(clusterRoles) { _ in caches.unfinishedRequests() }
            .watches(roles) { _ in caches.unfinishedRequests() }
            .watches(namespaces) { change in
                guard case .upserted(let namespace, let old) = change, namespace.metadata.labels != old?.metadata.labels
                else { return [] }
                return caches.unfinishedRequests(in: namespace.metadata.name ?? "")
            }
            .firstPass(prioritizing: {
                let overdue = caches.overdueGrants(at: now())
                if !overdue.isEmpty {
                    logger.info("revoking \(overdue.count) grant(s) that expired while the controller was away")
                }
                return overdue
            })
            .resync(every: options.sweepInterval) {
                caches.unfinishedRequests() + caches.allBindings().compactMap(Self.ownerKey)
            }
            .leaderElection(
                options.leaderElection.map {
                    LeaderElector(config: $0, client: client, clock: clock, now: now, logger: logger)
                }
            )
            .workers(options.workers)
            .duringEachTerm(deliver)
            .build(
                name: "accessrequest", reconciler: reconciler, clock: clock, logger: logger,
                observer: Self.both(observer, metrics?.reconcileObserver),
                queueObserver: metrics?.workQueueObserver ?? WorkQueueObserver())
        metrics?.track(self)
    }

    /// One reconcile observer calling `first` then `second`, whichever are set.
    static func both(_ first: ReconcileObserver?, _ second: ReconcileObserver?) -> ReconcileObserver? {
        guard let first, let second else { return first ?? second }
        return { key, duration, result in
            first(key, duration, result)
            second(key, duration, result)
        }
    }

    /// Present when the controller competes for leadership.
    public var leaderElector: LeaderElector? { manager.leaderElector }

    /// True once every cache has synced and, when this replica reconciles, the first pass over all
    /// requests is done (each reconciled once, whatever the outcome). A standby (not the leader) is
    /// ready once its caches have synced: it serves the webhook.
    public var isReady: Bool { manager.isReady }

    /// Keys waiting in the current term's queue (0 when not reconciling).
    public var queueDepth: Int { manager.queueDepth }

    /// True when the queue is idle and every write of the controller's own shows in its caches:
    /// nothing more will happen until time moves or something changes.
    public var isSettled: Bool { manager.isSettled && reconciler.gatherer.hasNoUnseenWrites }

    /// True while this replica reconciles (always, without leader election, once started).
    public var isReconciling: Bool { manager.isReconciling }

    /// Runs until the task is cancelled.
    public func run() async {
        await manager.run()
    }

    /// The request a managed binding says it belongs to (a ClusterAccessRequest for a binding
    /// without a namespace).
    static func ownerKey(of binding: RoleBinding) -> ObjectKey? {
        guard let request = binding.metadata.labels?[Drawbridge.Keys.request] else { return nil }
        return ObjectKey(namespace: binding.metadata.namespace, name: request)
    }

    /// The ClusterAccessRequest a managed ClusterRoleBinding says it belongs to.
    static func ownerKey(ofClusterBinding binding: ClusterRoleBinding) -> ObjectKey? {
        ownerKey(of: RoleBinding(binding))
    }
}
