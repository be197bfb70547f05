import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeCore
import Foundation
import KubeClient
import Logging
import Synchronization

/// Delivers notifications about AccessRequests to NotificationChannels, while this replica leads.
///
/// It never sits on the grant path: the planner records what a transition owes in the status write
/// that transition makes anyway (`NotificationLedger`), and this component, run beside the
/// reconcilers for each leadership term (`ControllerBuilder.duringEachTerm`), reads the requests
/// from the controller's cache, derives what is still owed (`OwedNotifications`), and hands each
/// delivery to its channel's lane (`ChannelLane`). Once a receiver answers, the outcome is added to
/// the request's ledger (`LedgerMarks`). What is owed is only ever read from the cluster, so a
/// restart or a new leader picks up exactly where the last one stopped: a delivery whose outcome
/// was not recorded yet is sent again, with the same id (at least once; receivers drop duplicates).
public final class NotificationDispatcher: Sendable {
    /// How notifications are delivered.
    public struct Settings: Sendable {
        /// Where the channels' Secrets are: the controller's own namespace.
        public var namespace: String
        public var sender: any NotificationSender
        /// A delivery never made within this long of its event is given up (marked Failed).
        public var maxAge: Duration
        /// Deliveries waiting per channel at most.
        public var queueLimit: Int
        /// How long one POST may take.
        public var timeout: Duration
        public var backoff: RetryBackoff
        /// A channel's status is written at most once per this interval.
        public var statusInterval: Duration
        /// The CloudEvents `source` attribute.
        public var source: String
        /// Picks retry jitter, in [0, 1).
        public var random: @Sendable () -> Double

        public init(
            namespace: String, sender: any NotificationSender, maxAge: Duration = .seconds(86_400),
            queueLimit: Int = 1_000, timeout: Duration = .seconds(10), backoff: RetryBackoff = RetryBackoff(),
            statusInterval: Duration = .seconds(10), source: String = CloudEventEncoding.defaultSource,
            random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
        ) {
            self.namespace = namespace
            self.sender = sender
            self.maxAge = maxAge
            self.queueLimit = queueLimit
            self.timeout = timeout
            self.backoff = backoff
            self.statusInterval = statusInterval
            self.source = source
            self.random = random
        }
    }

    let settings: Settings
    let client: KubeClient
    /// Requests of both kinds (AccessRequests and ClusterAccessRequests) and the policies.
    let caches: GrantCaches
    /// NotificationChannels and the Secrets of the controller's namespace; run only during a term.
    let channels: Informer<NotificationChannel>
    let secrets: Informer<Secret>
    let clock: any Clock<Duration>
    let now: @Sendable () -> Date
    let logger: Logger
    let recorder: any EventRecording
    let identity: IdentityVerifier
    let observer: NotificationObserver?
    let marks: LedgerMarks
    /// The current term's state; nil while this replica does not lead.
    let current = Mutex<NotificationTerm?>(nil)

    /// A dispatcher reading requests and policies from the controller's caches; `recorder` writes
    /// its Events, `identity` says which approvals count (for "approvals still needed").
    public init(
        client: KubeClient, caches: GrantCaches, settings: Settings, clock: any Clock<Duration>,
        now: @escaping @Sendable () -> Date, logger: Logger,
        recorder: any EventRecording, identity: IdentityVerifier, observer: NotificationObserver? = nil
    ) {
        self.settings = settings
        self.client = client
        self.caches = caches
        self.clock = clock
        self.now = now
        var logger = logger
        logger[metadataKey: "component"] = "notifications"
        self.logger = logger
        self.recorder = recorder
        self.identity = identity
        self.observer = observer
        marks = LedgerMarks(client: client)
        channels = Informer(client: client, clock: clock, logger: logger)
        secrets = Informer(client: client, namespace: settings.namespace, clock: clock, logger: logger)
        channels.addHandler { [weak self] change in self?.channelChanged(change) }
        secrets.addHandler { [weak self] change in self?.secretChanged(change) }
    }

    /// For the request informer: a request that may owe something is looked at again.
    public func requestChanged(_ change: CacheChange<AccessRequest>) {
        switch change {
        case .upserted(let request, _): requestChanged(request, deleted: false)
        case .deleted(let request): requestChanged(request, deleted: true)
        default: break
        }
    }

    /// For the ClusterAccessRequest informer: the same, for cluster-wide requests (converted only while
    /// this replica leads).
    public func requestChanged(_ change: CacheChange<ClusterAccessRequest>) {
        guard current.withLock({ $0 }) != nil else { return }
        switch change {
        case .upserted(let request, _): requestChanged(AccessRequest(request), deleted: false)
        case .deleted(let request): requestChanged(AccessRequest(request), deleted: true)
        default: break
        }
    }

    func requestChanged(_ request: AccessRequest, deleted: Bool) {
        guard let term = current.withLock({ $0 }) else { return }
        if deleted {
            term.forget(request.key)
        } else if Self.mayOwe(request) {
            term.queue.add(request.key)
        }
    }

    /// True when `request` may owe a notification now or later: it has a ledger, or it is a live
    /// grant (an ExpiringSoon reminder). Everything else is not worth a look.
    static func mayOwe(_ request: AccessRequest) -> Bool {
        !(request.status?.notifications?.isEmpty ?? true) || request.status?.phase == .active
    }

    /// One leadership term: watch channels and Secrets, derive what is owed from every request, and
    /// deliver, until cancelled.
    public func runTerm() async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.channels.run() }
            group.addTask { await self.secrets.run() }
            group.addTask {
                await self.channels.waitForSync()
                await self.secrets.waitForSync()
                guard !Task.isCancelled else { return }
                await self.serve()
            }
        }
    }

    /// Deliveries waiting in the current term's lanes, by channel (empty while not leading).
    public var backlog: [String: Int] { current.withLock { $0 }?.backlog ?? [:] }

    /// True when nothing is being derived and no lane holds a delivery: nothing more will be sent
    /// until something changes or time moves (true while not leading).
    public var isIdle: Bool {
        guard let term = current.withLock({ $0 }) else { return true }
        return term.queue.isIdle && term.backlog.values.allSatisfy { $0 == 0 }
    }

    /// The term's work: the derivation queue, the status writer, and a task per channel lane.
    func serve() async {
        let term = NotificationTerm(
            queue: WorkQueue(clock: clock, observing: WorkQueueObserver()),
            statusWriter: ChannelStatusWriter(
                client: client, interval: settings.statusInterval, clock: clock, logger: logger),
            limit: settings.queueLimit)
        current.withLock { $0 = term }
        for request in caches.allRequests() where Self.mayOwe(request) { term.queue.add(request.key) }
        for channel in channels.cache.list() { refreshReadiness(of: channel, in: term) }
        let controller = Controller(
            name: "notifications", queue: term.queue, reconciler: OwedReconciler(dispatcher: self, term: term),
            workers: 2, logger: logger, clock: clock)
        await withDiscardingTaskGroup { group in
            group.addTask { await controller.run() }
            group.addTask { await term.statusWriter.run() }
            for await lane in term.newLanes {
                group.addTask {
                    await lane.run(clock: self.clock, blockedRecheck: .seconds(60)) { delivery, failures in
                        await self.attempt(delivery, failures: failures, in: term)
                    }
                }
            }
        }
        current.withLock { if $0 === term { $0 = nil } }
        term.end()
    }
}
