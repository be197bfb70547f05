import ControllerRuntime
import CoreMetrics
import Metrics
import DrawbridgeAPI
import Prometheus
import Synchronization

/// Drawbridge's Prometheus metrics: every series name and label in one place, and the observers
/// that feed them from the controller, its work queue, its API client and the admission webhook.
///
/// Recorded through swift-metrics with an explicit `factory` built on `registry`, so each instance
/// is self-contained: tests make a fresh one and read only their own series, whatever the process's
/// global `MetricsSystem` holds. The commands bootstrap `MetricsSystem` with the same `factory`, so
/// metrics from libraries land in the registry `/metrics` serves.
///
/// Gauges that describe state (requests by phase, active grants, queue depth) are read from the
/// tracked controller's cache and queue at scrape time (`refresh()`), so they are never stale and
/// cost nothing between scrapes.
public final class DrawbridgeMetrics: Sendable {
    /// The series Drawbridge exports (Prometheus conventions: snake_case, base units, `_total` for
    /// counters, `_seconds` for durations).
    public enum Name {
        /// Gauge, label `phase`: AccessRequests in the controller's cache by `status.phase`.
        public static let accessRequests = "drawbridge_accessrequests"
        /// Gauge: AccessRequests in phase Active, i.e. grants in force.
        public static let grantsActive = "drawbridge_grants_active"
        /// Histogram, label `result` (a `ReconcileResult`): time spent in one reconcile.
        public static let reconcileDuration = "drawbridge_reconcile_duration_seconds"
        /// Gauge: keys ready in the current term's work queue, not yet taken by a worker (0 on a standby).
        public static let workqueueDepth = "drawbridge_workqueue_depth"
        /// Histogram: time from a key's first add to a worker taking it.
        public static let workqueueWait = "drawbridge_workqueue_wait_seconds"
        /// Histogram: for grants revoked at expiry, how long after `expiresAt` the binding went.
        public static let revocationLag = "drawbridge_revocation_lag_seconds"
        /// Counter, labels `verb` (Kubernetes verb) and `code` (HTTP status, 0 when there was no answer):
        /// the controller's API requests.
        public static let apiRequests = "drawbridge_api_requests_total"
        /// Histogram, label `webhook` (`mutating`, `validating`): time to answer one AdmissionReview.
        public static let webhookDuration = "drawbridge_webhook_duration_seconds"
        /// Counter, label `webhook`: AdmissionReviews answered with a denial.
        public static let webhookDenials = "drawbridge_webhook_denials_total"
    }

    /// What the `/metrics` endpoint renders.
    public let registry: PrometheusCollectorRegistry
    /// Makes series in `registry` with Drawbridge's histogram buckets; bootstrap `MetricsSystem` with it.
    public let factory: PrometheusMetricsFactory

    private let phases: [(phase: AccessRequestPhase, gauge: CoreMetrics.Gauge)]
    private let grantsActive: CoreMetrics.Gauge
    private let queueDepth: CoreMetrics.Gauge
    private let reconcileDurations: [ReconcileResult: CoreMetrics.Timer]
    private let queueWait: CoreMetrics.Timer
    private let revocationLag: CoreMetrics.Timer
    private let webhookDurations: [AccessRequestAdmission.Webhook: CoreMetrics.Timer]
    private let webhookDenials: [AccessRequestAdmission.Webhook: CoreMetrics.Counter]
    /// API request counters by "verb code", made on first use: the label set is open (any status
    /// code), and this runs on every call the controller makes.
    private let apiRequests = Mutex<[String: CoreMetrics.Counter]>([:])
    /// Reads the tracked controller's state at scrape time.
    private let source = Mutex<(@Sendable () -> Snapshot)?>(nil)

    /// The state-describing gauges' inputs, read at scrape time.
    struct Snapshot {
        var requests: [AccessRequest]
        var queueDepth: Int
    }

    /// Series in `registry` (a fresh one per test; one per process in the commands). Every series
    /// with a closed label set exists from the start, at zero, so dashboards and alerts see it
    /// before the first event.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = Self.buckets
        self.factory = factory
        phases = AccessRequestPhase.allCases.map {
            ($0, CoreMetrics.Gauge(label: Name.accessRequests, dimensions: [("phase", $0.rawValue)], factory: factory))
        }
        grantsActive = CoreMetrics.Gauge(label: Name.grantsActive, factory: factory)
        queueDepth = CoreMetrics.Gauge(label: Name.workqueueDepth, factory: factory)
        reconcileDurations = Dictionary(
            uniqueKeysWithValues: ReconcileResult.allCases.map {
                (
                    $0,
                    CoreMetrics.Timer(
                        label: Name.reconcileDuration, dimensions: [("result", $0.rawValue)], factory: factory)
                )
            })
        queueWait = CoreMetrics.Timer(label: Name.workqueueWait, factory: factory)
        revocationLag = CoreMetrics.Timer(label: Name.revocationLag, factory: factory)
        webhookDurations = Dictionary(
            uniqueKeysWithValues: AccessRequestAdmission.Webhook.allCases.map {
                (
                    $0,
                    CoreMetrics.Timer(
                        label: Name.webhookDuration, dimensions: [("webhook", $0.rawValue)], factory: factory)
                )
            })
        webhookDenials = Dictionary(
            uniqueKeysWithValues: AccessRequestAdmission.Webhook.allCases.map {
                (
                    $0,
                    CoreMetrics.Counter(
                        label: Name.webhookDenials, dimensions: [("webhook", $0.rawValue)], factory: factory)
                )
            })
    }

    /// Histogram buckets per series: reconciles and webhook answers are milliseconds, a queue wait
    /// can be a rate-limited minute, a revocation is late by the sweep interval at worst.
    static let buckets: [String: [Duration]] = [
        Name.reconcileDuration: [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        ],
        Name.webhookDuration: [
            .microseconds(500), .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .milliseconds(2500),
        ],
        Name.workqueueWait: [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(50), .milliseconds(100),
            .milliseconds(500), .seconds(1), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
        ],
        Name.revocationLag: [
            .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(30),
            .seconds(60), .seconds(120), .seconds(300), .seconds(600),
        ],
    ]

    // MARK: Observers, to pass where the parts are built

    /// For `AccessRequestController(observer:)` / `Controller(observer:)`: one reconcile's duration by result.
    public var reconcileObserver: ReconcileObserver {
        { [reconcileDurations] _, duration, result in reconcileDurations[result]?.record(duration: duration) }
    }

    /// For `WorkQueue(observer:)`: how long a key waited for a worker.
    public var queueWaitObserver: @Sendable (_ key: ObjectKey, _ wait: Duration) -> Void {
        { [queueWait] _, wait in queueWait.record(duration: wait) }
    }

    /// For `AccessRequestReconciler(revocationObserver:)`: how late an expired grant was revoked.
    public var revocationObserver: @Sendable (_ lag: Duration) -> Void {
        { [revocationLag] lag in revocationLag.record(duration: lag) }
    }

    /// For `KubeClient(observer:)`: one API request by verb and status code (0: no answer).
    public var apiRequestObserver: @Sendable (_ verb: String, _ path: String, _ code: Int) -> Void {
        { [self] verb, _, code in
            let counter = apiRequests.withLock { counters in
                let key = "\(verb) \(code)"
                if let known = counters[key] { return known }
                let made = CoreMetrics.Counter(
                    label: Name.apiRequests, dimensions: [("verb", verb), ("code", String(code))], factory: factory)
                counters[key] = made
                return made
            }
            counter.increment()
        }
    }

    /// For `WebhookServer(observer:)`: one AdmissionReview answered, and whether it was denied.
    public var webhookObserver: WebhookServer.Observer {
        { [webhookDurations, webhookDenials] webhook, duration, allowed in
            webhookDurations[webhook]?.record(duration: duration)
            if !allowed { webhookDenials[webhook]?.increment() }
        }
    }

    // MARK: Scrape-time state

    /// Reads requests by phase and the queue depth from `controller` at each scrape, replacing any
    /// controller tracked before (one per process; a restarted one in tests).
    public func track(_ controller: AccessRequestController) {
        let requests = controller.caches.requests
        source.withLock { $0 = { Snapshot(requests: requests.list(), queueDepth: controller.queueDepth) } }
    }

    /// Sets the state-describing gauges from the tracked controller. Requests the controller has not
    /// given a phase yet are in no phase's count.
    public func refresh() {
        guard let snapshot = source.withLock({ $0 })?() else { return }
        var counts: [AccessRequestPhase: Int] = [:]
        for request in snapshot.requests {
            if let phase = request.status?.phase { counts[phase, default: 0] += 1 }
        }
        for (phase, gauge) in phases { gauge.record(counts[phase] ?? 0) }
        grantsActive.record(counts[.active] ?? 0)
        queueDepth.record(snapshot.queueDepth)
    }

    /// The Prometheus text exposition (format 0.0.4), state gauges refreshed first: what `/metrics` serves.
    public func exposition() -> [UInt8] {
        refresh()
        return registry.emitToBuffer()
    }
}
