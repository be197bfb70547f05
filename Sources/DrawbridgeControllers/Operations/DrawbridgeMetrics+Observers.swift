import ControllerRuntime
import DrawbridgeAPI
import Foundation
import Prometheus
import Synchronization

/// The observers to pass where the parts are built; each feeds the `drawbridge_*` series and their
/// controller-runtime / client-go counterparts.
extension DrawbridgeMetrics {
    /// For `AccessRequestController(observer:)` / `Controller(observer:)`: one reconcile's duration by
    /// result.
    public var reconcileObserver: ReconcileObserver {
        { [self] _, duration, result in
            let histogram =
                reconcileDurations[result.rawValue]
                ?? Self.histogram(registry, Name.reconcileDuration, [("result", result.rawValue)])
            histogram.record(duration)
            let standard = Self.standardResult(result)
            reconcileTotals[standard]?.increment()
            if standard == "error" { reconcileErrors.increment() }
            reconcileTime.record(duration)
        }
    }

    /// controller-runtime's `result` label for a `ReconcileResult`: conflicts and terminal errors are
    /// errors there too.
    static func standardResult(_ result: ReconcileResult) -> String {
        switch result {
        case .success: "success"
        case .requeue: "requeue"
        case .requeueAfter: "requeue_after"
        case .conflict, .error, .terminal: "error"
        }
    }

    /// For `WorkQueue(clock:observing:)`: adds, retries, waits and work durations of the controller's
    /// queue (the depth is read at scrape time).
    public var workQueueObserver: WorkQueueObserver {
        WorkQueueObserver(
            added: { [queueAdds] _ in queueAdds.increment() },
            retried: { [queueRetries] _ in queueRetries.increment() },
            waited: { [queueWait, queueDuration] _, wait in
                queueWait.record(wait)
                queueDuration.record(wait)
            },
            worked: { [workDuration] _, duration in workDuration.record(duration) })
    }

    /// For `WorkQueue(clock:observer:)`: how long a key waited for a worker.
    public var queueWaitObserver: @Sendable (_ key: ObjectKey, _ wait: Duration) -> Void {
        workQueueObserver.waited ?? { _, _ in }
    }

    /// For `AccessRequestReconciler(revocationObserver:)`: how late an expired grant was revoked.
    public var revocationObserver: @Sendable (_ lag: Duration) -> Void {
        { [revocationLag] lag in revocationLag.record(lag) }
    }

    /// For `KubeClient(observer:)` of a client talking to the API server at `host` (`host:port`, as
    /// client-go's `host` label): one API request by verb and status code (0: no answer).
    public func apiRequestObserver(host: String) -> @Sendable (_ verb: String, _ path: String, _ code: Int) -> Void {
        { [self] verb, _, code in
            let method = Self.httpMethod(verb)
            let status = code == 0 ? "<error>" : String(code)
            let (drawbridge, standard) = apiRequests.withLock { counters in
                (
                    Self.cached(&counters, "\(verb) \(code)") {
                        Self.counter(registry, Name.apiRequests, [("verb", verb), ("code", String(code))])
                    },
                    Self.cached(&counters, "rest \(status) \(method) \(host)") {
                        Self.counter(
                            registry, StandardName.restClientRequests,
                            [("code", status), ("method", method), ("host", host)])
                    }
                )
            }
            drawbridge.increment()
            standard.increment()
        }
    }

    /// `host:port` of an API server URL, as client-go's `host` label (`https://10.96.0.1:443` gives
    /// `10.96.0.1:443`); the text itself when it is not a URL.
    public static func host(of server: String) -> String {
        guard let url = URL(string: server), let host = url.host else { return server }
        return url.port.map { "\(host):\($0)" } ?? host
    }

    /// `apiRequestObserver(host:)` for an in-process client, which has no host (the label is empty).
    public var apiRequestObserver: @Sendable (_ verb: String, _ path: String, _ code: Int) -> Void {
        apiRequestObserver(host: "")
    }

    /// The HTTP method behind a Kubernetes verb (`KubeRequest.verb`), as client-go's `method` label.
    static func httpMethod(_ verb: String) -> String {
        switch verb {
        case "get", "list", "watch": "GET"
        case "create": "POST"
        case "update": "PUT"
        case "patch": "PATCH"
        case "delete": "DELETE"
        default: verb.uppercased()
        }
    }

    static func cached(_ counters: inout [String: Counter], _ key: String, make: () -> Counter) -> Counter {
        if let known = counters[key] { return known }
        let made = make()
        counters[key] = made
        return made
    }

    /// For `WebhookServer(observer:)`: one AdmissionReview answered, and whether it was denied.
    public var webhookObserver: WebhookServer.Observer {
        { [webhookDurations, webhookDenials] webhook, duration, allowed in
            webhookDurations[webhook]?.record(duration)
            if !allowed { webhookDenials[webhook]?.increment() }
        }
    }

    /// For `ObservedAuditSink`: whether one audit record was written.
    public var auditObserver: @Sendable (_ written: Bool) -> Void {
        { [auditWrites] written in (written ? auditWrites.success : auditWrites.error).increment() }
    }
}
