extension DrawbridgeMetrics {
    /// The series Drawbridge exports under its own prefix (Prometheus conventions: snake_case, base
    /// units, `_total` for counters, `_seconds` for durations).
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
        /// Counter, label `result` (`success`, `error`): audit records the controller tried to write.
        public static let auditWrites = "drawbridge_audit_writes_total"
        /// Gauge: break-glass grants whose review is overdue (condition `ReviewOverdue=True`): nobody
        /// ratified or rejected them within their policy's `breakGlass.reviewWithin`.
        public static let breakGlassUnreviewed = "drawbridge_breakglass_unreviewed"
        /// Counter, labels `channel` (a NotificationChannel) and `result` (`delivered`, `retried`,
        /// `failed`, `abandoned`): notification delivery attempts and their outcome.
        public static let notifications = "drawbridge_notifications_total"
    }

    /// The names controller-runtime and client-go export, with their labels and label values, so
    /// dashboards and alerts made for any Go operator read Drawbridge unchanged.
    public enum StandardName {
        /// Counter, labels `controller` and `result` (`success`, `error`, `requeue`, `requeue_after`).
        public static let reconcileTotal = "controller_runtime_reconcile_total"
        /// Counter, label `controller`: reconciles that ended in an error (conflicts and terminal
        /// errors included).
        public static let reconcileErrors = "controller_runtime_reconcile_errors_total"
        /// Histogram, label `controller`: time per reconcile.
        public static let reconcileTime = "controller_runtime_reconcile_time_seconds"
        /// Gauge, label `name`: keys waiting in the work queue.
        public static let workqueueDepth = "workqueue_depth"
        /// Counter, label `name`: keys added to the work queue.
        public static let workqueueAdds = "workqueue_adds_total"
        /// Histogram, label `name`: time a key waited before a worker took it.
        public static let workqueueQueueDuration = "workqueue_queue_duration_seconds"
        /// Histogram, label `name`: time a worker held a key.
        public static let workqueueWorkDuration = "workqueue_work_duration_seconds"
        /// Counter, label `name`: delayed and rate-limited adds.
        public static let workqueueRetries = "workqueue_retries_total"
        /// Counter, labels `code` (HTTP status, `<error>` without an answer), `method` and `host`.
        public static let restClientRequests = "rest_client_requests_total"
        /// Gauge, label `name` (the Lease): 1 while this replica leads, 0 otherwise; only with leader
        /// election.
        public static let leaderElectionMasterStatus = "leader_election_master_status"
    }

    /// The `controller` and work queue `name` label of the standard series: controller-runtime names
    /// both after the kind the controller reconciles.
    public static let controllerName = "accessrequest"

    /// Every series' `# HELP` text. One text per name: the registry refuses a second, different one.
    static let help: [String: String] = [
        Name.accessRequests: "AccessRequests in the controller's cache, by status.phase.",
        Name.grantsActive: "AccessRequests in phase Active: grants in force.",
        Name.reconcileDuration: "Time spent in one reconcile of an AccessRequest, by result.",
        Name.workqueueDepth: "AccessRequests waiting for a worker in the current leadership term's queue.",
        Name.workqueueWait: "Time from an AccessRequest's first add to the queue to a worker taking it.",
        Name.revocationLag: "For grants revoked at expiry: how long after expiresAt the RoleBinding was deleted.",
        Name.apiRequests:
            "Requests from the controller to the API server, by Kubernetes verb and HTTP code (0: no answer).",
        Name.webhookDuration: "Time to answer one AdmissionReview, by webhook.",
        Name.webhookDenials: "AdmissionReviews answered with a denial, by webhook.",
        Name.auditWrites: "Audit records the controller tried to write, by result.",
        Name.breakGlassUnreviewed:
            "Break-glass grants nobody ratified or rejected within their policy's breakGlass.reviewWithin.",
        Name.notifications:
            "Notification deliveries by channel and result: delivered, retried (no answer, 408, 429, 5xx), failed (refused for good), abandoned (too old to send).",
        StandardName.reconcileTotal: "Total number of reconciliations per controller, by result.",
        StandardName.reconcileErrors: "Total number of reconciliation errors per controller.",
        StandardName.reconcileTime: "Length of time per reconciliation per controller.",
        StandardName.workqueueDepth: "Current depth of the work queue.",
        StandardName.workqueueAdds: "Total number of adds handled by the work queue.",
        StandardName.workqueueQueueDuration:
            "How long in seconds an item stays in the work queue before being requested.",
        StandardName.workqueueWorkDuration: "How long in seconds processing an item from the work queue takes.",
        StandardName.workqueueRetries: "Total number of retries handled by the work queue.",
        StandardName.restClientRequests:
            "Number of HTTP requests to the API server, partitioned by status code, method, and host.",
        StandardName.leaderElectionMasterStatus: "1 while this replica holds the leader election Lease, 0 otherwise.",
    ]

    /// Histogram buckets per series: reconciles and webhook answers are milliseconds, a queue wait
    /// can be a rate-limited minute, a revocation is late by the sweep interval at worst. The
    /// standard series keep controller-runtime's and client-go's buckets, which dashboards assume.
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
        // controller-runtime: 5 ms to 1 s in fine steps, then up to a minute.
        StandardName.reconcileTime: [
            5, 10, 25, 50, 100, 150, 200, 250, 300, 350, 400, 450, 500, 600, 700, 800, 900, 1000, 1250, 1500, 1750,
            2000, 2500, 3000, 3500, 4000, 4500, 5000, 6000, 7000, 8000, 9000, 10_000, 15_000, 20_000, 25_000, 30_000,
            40_000, 50_000, 60_000,
        ].map { .milliseconds($0) },
        // client-go: powers of ten from 10 ns to 1000 s.
        StandardName.workqueueQueueDuration: powersOfTen,
        StandardName.workqueueWorkDuration: powersOfTen,
    ]

    /// 1e-8 s to 1e3 s, client-go's work queue buckets.
    static let powersOfTen: [Duration] = (0..<12).map { .nanoseconds(10 * pow10($0)) }

    static func pow10(_ exponent: Int) -> Int { (0..<exponent).reduce(1) { result, _ in result * 10 } }
}
