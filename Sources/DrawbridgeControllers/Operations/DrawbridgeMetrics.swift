import ControllerRuntime
import DrawbridgeAPI
import Prometheus
import Synchronization

/// Drawbridge's Prometheus metrics: every series name and label in one place (see `Name` and
/// `StandardName`), and the observers that feed them from the controller, its work queue, its API
/// client, the audit sink and the admission webhook.
///
/// Each series is registered on `registry` directly, with its `# HELP` text, so each instance is
/// self-contained: tests make a fresh one and read only their own series, whatever the process's
/// global `MetricsSystem` holds. The commands bootstrap `MetricsSystem` with `factory`, so metrics
/// from libraries land in the registry `/metrics` serves too.
///
/// Alongside the `drawbridge_*` series, the controller, its queue, its client and its leader
/// election are exported under controller-runtime's and client-go's names and labels.
///
/// Gauges that describe state (requests by phase, active grants, queue depth, leadership) are read
/// from the tracked controller at scrape time (`refresh()`), so they are never stale and cost
/// nothing between scrapes.
public final class DrawbridgeMetrics: Sendable {
    /// What the `/metrics` endpoint renders.
    public let registry: PrometheusCollectorRegistry
    /// Makes swift-metrics series in `registry`; bootstrap `MetricsSystem` with it.
    public let factory: PrometheusMetricsFactory

    let phases: [(phase: AccessRequestPhase, gauge: Gauge)]
    let grantsActive: Gauge
    let queueDepth: Gauge
    let standardQueueDepth: Gauge
    let reconcileDurations: [String: DurationHistogram]
    let reconcileTotals: [String: Counter]
    let reconcileErrors: Counter
    let reconcileTime: DurationHistogram
    let queueWait: DurationHistogram
    let queueDuration: DurationHistogram
    let workDuration: DurationHistogram
    let queueAdds: Counter
    let queueRetries: Counter
    let revocationLag: DurationHistogram
    let webhookDurations: [AccessRequestAdmission.Webhook: DurationHistogram]
    let webhookDenials: [AccessRequestAdmission.Webhook: Counter]
    let auditWrites: (success: Counter, error: Counter)
    let breakGlassUnreviewed: Gauge
    /// API request counters by their label values, made on first use: the label sets are open (any
    /// status code), and this runs on every call the controller makes.
    let apiRequests = Mutex<[String: Counter]>([:])
    /// Notification counters by channel and result, made on first use (channels come and go).
    let notificationCounters = Mutex<[String: Counter]>([:])
    /// Reads the tracked controller's state at scrape time.
    private let source = Mutex<(@Sendable () -> Snapshot)?>(nil)

    /// The state-describing gauges' inputs, read at scrape time.
    struct Snapshot {
        var requests: [AccessRequest]
        var queueDepth: Int
        /// The Lease's name and whether this replica holds it; nil without leader election.
        var leadership: (lease: String, isLeader: Bool)?
    }

    /// Series in `registry` (a fresh one per test; one per process in the commands). Every series
    /// with a closed label set exists from the start, at zero, so dashboards and alerts see it
    /// before the first event.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        factory = PrometheusMetricsFactory(registry: registry)
        let controller = [("controller", Self.controllerName)]
        let queue = [("name", Self.controllerName)]
        phases = AccessRequestPhase.allCases.map {
            ($0, Self.gauge(registry, Name.accessRequests, [("phase", $0.rawValue)]))
        }
        grantsActive = Self.gauge(registry, Name.grantsActive)
        queueDepth = Self.gauge(registry, Name.workqueueDepth)
        standardQueueDepth = Self.gauge(registry, StandardName.workqueueDepth, queue)
        reconcileDurations = Dictionary(
            uniqueKeysWithValues: ReconcileResult.allCases.map {
                ($0.rawValue, Self.histogram(registry, Name.reconcileDuration, [("result", $0.rawValue)]))
            })
        reconcileTotals = Dictionary(
            uniqueKeysWithValues: ["success", "error", "requeue", "requeue_after"].map {
                ($0, Self.counter(registry, StandardName.reconcileTotal, controller + [("result", $0)]))
            })
        reconcileErrors = Self.counter(registry, StandardName.reconcileErrors, controller)
        reconcileTime = Self.histogram(registry, StandardName.reconcileTime, controller)
        queueWait = Self.histogram(registry, Name.workqueueWait)
        queueDuration = Self.histogram(registry, StandardName.workqueueQueueDuration, queue)
        workDuration = Self.histogram(registry, StandardName.workqueueWorkDuration, queue)
        queueAdds = Self.counter(registry, StandardName.workqueueAdds, queue)
        queueRetries = Self.counter(registry, StandardName.workqueueRetries, queue)
        revocationLag = Self.histogram(registry, Name.revocationLag)
        webhookDurations = Dictionary(
            uniqueKeysWithValues: AccessRequestAdmission.Webhook.allCases.map {
                ($0, Self.histogram(registry, Name.webhookDuration, [("webhook", $0.rawValue)]))
            })
        webhookDenials = Dictionary(
            uniqueKeysWithValues: AccessRequestAdmission.Webhook.allCases.map {
                ($0, Self.counter(registry, Name.webhookDenials, [("webhook", $0.rawValue)]))
            })
        auditWrites = (
            Self.counter(registry, Name.auditWrites, [("result", "success")]),
            Self.counter(registry, Name.auditWrites, [("result", "error")])
        )
        breakGlassUnreviewed = Self.gauge(registry, Name.breakGlassUnreviewed)
    }

    static func gauge(_ registry: PrometheusCollectorRegistry, _ name: String, _ labels: [(String, String)] = [])
        -> Gauge
    {
        registry.makeGauge(name: name, labels: labels, help: help[name] ?? "")
    }

    static func counter(_ registry: PrometheusCollectorRegistry, _ name: String, _ labels: [(String, String)] = [])
        -> Counter
    {
        registry.makeCounter(name: name, labels: labels, help: help[name] ?? "")
    }

    static func histogram(_ registry: PrometheusCollectorRegistry, _ name: String, _ labels: [(String, String)] = [])
        -> DurationHistogram
    {
        registry.makeDurationHistogram(name: name, labels: labels, buckets: buckets[name] ?? [], help: help[name] ?? "")
    }

    // MARK: Scrape-time state

    /// Reads requests by phase, the queue depth and leadership from `controller` at each scrape,
    /// replacing any controller tracked before (one per process; a restarted one in tests).
    public func track(_ controller: AccessRequestController) {
        let caches = controller.caches
        let elector = controller.leaderElector
        source.withLock {
            $0 = {
                Snapshot(
                    requests: caches.allRequests(), queueDepth: controller.queueDepth,
                    leadership: elector.map { ($0.config.name, $0.isLeader) })
            }
        }
    }

    /// Sets the state-describing gauges from the tracked controller. Requests the controller has not
    /// given a phase yet are in no phase's count.
    public func refresh() {
        guard let snapshot = source.withLock({ $0 })?() else { return }
        var counts: [AccessRequestPhase: Int] = [:]
        for request in snapshot.requests {
            if let phase = request.status?.phase { counts[phase, default: 0] += 1 }
        }
        for (phase, gauge) in phases { gauge.set(Int64(counts[phase] ?? 0)) }
        breakGlassUnreviewed.set(
            Int64(snapshot.requests.filter { $0.status?.conditions?[type: .reviewOverdue]?.status == .true }.count))
        grantsActive.set(Int64(counts[.active] ?? 0))
        queueDepth.set(Int64(snapshot.queueDepth))
        standardQueueDepth.set(Int64(snapshot.queueDepth))
        if let leadership = snapshot.leadership {
            Self.gauge(registry, StandardName.leaderElectionMasterStatus, [("name", leadership.lease)])
                .set(leadership.isLeader ? Int64(1) : 0)
        }
    }

    /// The Prometheus text exposition (format 0.0.4), state gauges refreshed first: what `/metrics` serves.
    public func exposition() -> [UInt8] {
        refresh()
        return registry.emitToBuffer()
    }
}
