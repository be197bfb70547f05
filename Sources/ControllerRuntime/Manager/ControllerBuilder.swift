import DrawbridgeAPI
import Logging

/// Declares a controller the way controller-runtime's builder and kube-rs's `Controller` do:
/// `for` the primary resource, `owns` what it creates, `watches` what it depends on (with a map
/// to primary keys). The `ManagedController` it builds runs the informers, holds the leadership
/// term, reports first-pass readiness and resyncs periodically, so a reconciler only reads,
/// decides and writes.
///
/// ```swift
/// let controller = ControllerBuilder(for: requests)
///     .owns(bindings) { ownerKey(of: $0) }
///     .watches(policies) { _ in openRequests() }
///     .build(name: "accessrequest", reconciler: reconciler, clock: clock, logger: logger)
/// ```
public struct ControllerBuilder<Primary: KubeResource>: Sendable {
    let primary: Informer<Primary>
    var sources: [WatchSource]
    var prioritized: @Sendable () -> [ObjectKey] = { [] }
    var resyncInterval: Duration = .seconds(60)
    var resyncKeys: (@Sendable () -> [ObjectKey])?
    var leaderElector: LeaderElector?
    var workers = 4
    var termWork: [@Sendable () async -> Void] = []

    /// A controller of `Primary`: every change to a primary object queues its key.
    public init(for primary: Informer<Primary>) {
        self.primary = primary
        sources = [Self.primarySource(primary)]
    }

    /// A primary kind's source: each change queues the object's own key.
    static func primarySource<R: KubeResource>(_ informer: Informer<R>) -> WatchSource {
        let cache = informer.cache
        return WatchSource(
            informer, map: { [$0.key] }, ownerKeys: { cache.keys() + cache.undecodable().keys.sorted() })
    }

    /// A second primary kind sharing the queue and the reconciler: every change to one of its objects
    /// (an undecodable one included) queues that object's key, and the first pass and resync visit
    /// them all. The two kinds' keys must never collide (a cluster-scoped kind beside a namespaced one
    /// never does: one has no namespace, the other always one).
    public func alsoFor<R: KubeResource>(_ informer: Informer<R>) -> Self {
        var copy = self
        copy.sources.append(Self.primarySource(informer))
        return copy
    }

    /// Objects the controller creates: each change queues the owner's key (`owner` returns nil for
    /// objects it does not own), and the first pass and resync visit the owners of all of them, so
    /// an object whose owner is gone is still looked at.
    public func owns<R: KubeResource>(
        _ informer: Informer<R>, owner: @escaping @Sendable (R) -> ObjectKey?
    ) -> Self {
        var copy = self
        let cache = informer.cache
        copy.sources.append(
            WatchSource(
                informer,
                map: { change in
                    switch change {
                    case .upserted(let object, _), .deleted(let object): owner(object).map { [$0] } ?? []
                    case .undecodable, .removedUndecodable: []
                    }
                },
                ownerKeys: { cache.list().compactMap(owner) }))
        return copy
    }

    /// Objects the controller depends on: `map` turns each change into the primary keys to look at
    /// again. It is called only while this replica reconciles.
    public func watches<R: KubeResource>(
        _ informer: Informer<R>, map: @escaping @Sendable (CacheChange<R>) -> [ObjectKey]
    ) -> Self {
        var copy = self
        copy.sources.append(WatchSource(informer, map: map))
        return copy
    }

    /// Keys to queue first when a term starts, ahead of everything else (say, grants that expired
    /// while no controller ran).
    public func firstPass(prioritizing keys: @escaping @Sendable () -> [ObjectKey]) -> Self {
        var copy = self
        copy.prioritized = keys
        return copy
    }

    /// Every `interval`, queue `keys` again even without a change: the safety net under exact-time
    /// requeues. By default every primary object and the owner of every owned one.
    public func resync(every interval: Duration, keys: (@Sendable () -> [ObjectKey])? = nil) -> Self {
        var copy = self
        copy.resyncInterval = interval
        copy.resyncKeys = keys
        return copy
    }

    /// Reconcile only while `elector` holds its Lease (nil: always).
    public func leaderElection(_ elector: LeaderElector?) -> Self {
        var copy = self
        copy.leaderElector = elector
        return copy
    }

    /// How many keys are reconciled in parallel (at least 1).
    public func workers(_ count: Int) -> Self {
        var copy = self
        copy.workers = max(1, count)
        return copy
    }

    /// Work that runs beside the reconcilers for each leadership term: started when a term starts
    /// (after the caches have synced), cancelled when it ends, so it acts only while this replica
    /// leads (say, delivering what the reconciles left owed). `work` must return once cancelled;
    /// nil adds nothing.
    public func duringEachTerm(_ work: (@Sendable () async -> Void)?) -> Self {
        var copy = self
        if let work { copy.termWork.append(work) }
        return copy
    }

    /// The controller, not yet running. `observer` hears every reconcile; `queueObserver` what each
    /// term's work queue does (both for metrics).
    public func build(
        name: String, reconciler: any Reconciler, clock: any Clock<Duration>, logger: Logger,
        observer: ReconcileObserver? = nil, queueObserver: WorkQueueObserver = WorkQueueObserver()
    ) -> ManagedController {
        let sources = sources
        let defaultKeys: @Sendable () -> [ObjectKey] = { sources.flatMap { $0.ownerKeys() } }
        return ManagedController(
            name: name, sources: sources, reconciler: reconciler, workers: workers, clock: clock, logger: logger,
            firstPass: { [prioritized] in prioritized() + defaultKeys() },
            resync: (resyncInterval, resyncKeys ?? defaultKeys), leaderElector: leaderElector, observer: observer,
            queueObserver: queueObserver, termWork: termWork)
    }
}
