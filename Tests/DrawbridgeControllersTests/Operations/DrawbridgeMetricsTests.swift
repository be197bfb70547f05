import ControllerRuntime
import DrawbridgeControllers
import DrawbridgeTesting
import Testing

/// What `/metrics` renders, straight from `DrawbridgeMetrics` with its own registry (no HTTP, no
/// global MetricsSystem).
@Suite("Drawbridge's Prometheus series")
struct DrawbridgeMetricsTests {
    typealias Name = DrawbridgeMetrics.Name
    typealias Standard = DrawbridgeMetrics.StandardName

    /// Fresh metrics with one of each observation, rendered and parsed.
    static func rendered() -> (DrawbridgeMetrics, PrometheusText) {
        let metrics = DrawbridgeMetrics()
        metrics.reconcileObserver("demo/a", .milliseconds(30), .success)
        metrics.reconcileObserver("demo/b", .milliseconds(2), .requeueAfter)
        metrics.reconcileObserver("demo/c", .milliseconds(4), .conflict)
        metrics.reconcileObserver("demo/c", .milliseconds(4), .terminal)
        metrics.queueWaitObserver("demo/a", .milliseconds(7))
        let queue = metrics.workQueueObserver
        queue.added?("demo/a")
        queue.added?("demo/b")
        queue.retried?("demo/b")
        queue.waited?("demo/b", .milliseconds(3))
        queue.worked?("demo/b", .microseconds(50))
        metrics.revocationObserver(.milliseconds(1500))
        let api = metrics.apiRequestObserver(host: "10.96.0.1:443")
        api("get", "/apis/drawbridge.dev/v1alpha1/accessrequests", 200)
        api("get", "/apis/drawbridge.dev/v1alpha1/accessrequests", 200)
        api("delete", "/apis/rbac.authorization.k8s.io/v1/namespaces/demo/rolebindings/x", 0)
        api("patch", "/apis/drawbridge.dev/v1alpha1/namespaces/demo/accessrequests/a", 409)
        metrics.webhookObserver(.mutating, .microseconds(800), true)
        metrics.webhookObserver(.validating, .milliseconds(3), false)
        metrics.auditObserver(true)
        metrics.auditObserver(true)
        metrics.auditObserver(false)
        let text = String(decoding: metrics.exposition(), as: UTF8.self)
        return (metrics, PrometheusText(text))
    }

    static let drawbridgeSeries = [
        (Name.accessRequests, "gauge"), (Name.grantsActive, "gauge"), (Name.workqueueDepth, "gauge"),
        (Name.reconcileDuration, "histogram"), (Name.workqueueWait, "histogram"), (Name.revocationLag, "histogram"),
        (Name.webhookDuration, "histogram"), (Name.apiRequests, "counter"), (Name.webhookDenials, "counter"),
        (Name.auditWrites, "counter"), (Name.breakGlassUnreviewed, "gauge"),
    ]

    /// Without a tracked controller, every standard series but leader election's (which needs one
    /// that competes for a Lease; see the end-to-end scrape).
    static let standardSeries = [
        (Standard.reconcileTotal, "counter"), (Standard.reconcileErrors, "counter"),
        (Standard.reconcileTime, "histogram"), (Standard.workqueueDepth, "gauge"), (Standard.workqueueAdds, "counter"),
        (Standard.workqueueQueueDuration, "histogram"), (Standard.workqueueWorkDuration, "histogram"),
        (Standard.workqueueRetries, "counter"), (Standard.restClientRequests, "counter"),
    ]

    @Test(
        "Each series is rendered with its Prometheus type and a HELP line", arguments: drawbridgeSeries + standardSeries
    )
    func typed(name: String, type: String) {
        let (_, scraped) = Self.rendered()
        #expect(scraped.types[name] == type)
        #expect(!(scraped.help[name] ?? "").isEmpty, "\(name) has # HELP")
        #expect(scraped.malformed == [])
    }

    @Test("The names follow Prometheus conventions: drawbridge_ or the standard names, snake_case, _total, _seconds")
    func names() {
        let (_, scraped) = Self.rendered()
        let expected = Set((Self.drawbridgeSeries + Self.standardSeries).map(\.0))
        #expect(Set(scraped.types.keys) == expected)
        #expect(Set(scraped.help.keys) == expected, "every family has # HELP")
        for (name, type) in scraped.types {
            #expect(name.allSatisfy { $0.isLowercase || $0 == "_" }, "\(name)")
            if type == "counter" { #expect(name.hasSuffix("_total"), "\(name)") }
            if type == "histogram" { #expect(name.hasSuffix("_seconds"), "\(name)") }
        }
    }

    @Test("Observations land in the right series, labels and buckets, durations in seconds")
    func values() {
        let (_, s) = Self.rendered()
        #expect(s.value(Name.reconcileDuration + "_count", ["result": "success"]) == 1)
        #expect(s.value(Name.reconcileDuration + "_count", ["result": "requeue"]) == 0, "every result exists at 0")
        #expect(s.value(Name.reconcileDuration + "_count", ["result": "requeue_after"]) == 1)
        #expect(s.value(Name.reconcileDuration + "_sum", ["result": "success"]) == 0.03)
        #expect(s.value(Name.reconcileDuration + "_bucket", ["result": "success", "le": "0.025"]) == 0)
        #expect(s.value(Name.reconcileDuration + "_bucket", ["result": "success", "le": "0.05"]) == 1)
        #expect(s.value(Name.workqueueWait + "_bucket", ["le": "0.01"]) == 2, "both wait observers feed it")
        #expect(s.value(Name.workqueueWait + "_bucket", ["le": "0.001"]) == 0)
        #expect(s.value(Name.revocationLag + "_count") == 1)
        #expect(s.value(Name.revocationLag + "_bucket", ["le": "1.0"]) == 0)
        #expect(s.value(Name.revocationLag + "_bucket", ["le": "2.0"]) == 1)
        #expect(s.value(Name.apiRequests, ["verb": "get", "code": "200"]) == 2)
        #expect(s.value(Name.apiRequests, ["verb": "delete", "code": "0"]) == 1, "no answer is code 0")
        #expect(s.value(Name.webhookDuration + "_count", ["webhook": "mutating"]) == 1)
        #expect(s.value(Name.webhookDuration + "_bucket", ["webhook": "mutating", "le": "0.001"]) == 1)
        #expect(s.value(Name.webhookDuration + "_count", ["webhook": "validating"]) == 1)
        #expect(s.value(Name.webhookDenials, ["webhook": "mutating"]) == 0)
        #expect(s.value(Name.webhookDenials, ["webhook": "validating"]) == 1)
        #expect(s.value(Name.auditWrites, ["result": "success"]) == 2)
        #expect(s.value(Name.auditWrites, ["result": "error"]) == 1)
    }

    @Test("The standard series use controller-runtime's and client-go's labels and values")
    func standardValues() {
        let (_, s) = Self.rendered()
        let controller = ["controller": "accessrequest"]
        #expect(s.value(Standard.reconcileTotal, controller.merging(["result": "success"]) { $1 }) == 1)
        #expect(s.value(Standard.reconcileTotal, controller.merging(["result": "requeue_after"]) { $1 }) == 1)
        #expect(s.value(Standard.reconcileTotal, controller.merging(["result": "requeue"]) { $1 }) == 0)
        #expect(
            s.value(Standard.reconcileTotal, controller.merging(["result": "error"]) { $1 }) == 2,
            "conflicts and terminal errors are errors")
        #expect(s.value(Standard.reconcileErrors, controller) == 2)
        #expect(s.value(Standard.reconcileTime + "_count", controller) == 4)
        #expect(s.value(Standard.reconcileTime + "_bucket", controller.merging(["le": "0.005"]) { $1 }) == 3)
        let queue = ["name": "accessrequest"]
        #expect(s.value(Standard.workqueueDepth, queue) == 0)
        #expect(s.value(Standard.workqueueAdds, queue) == 2)
        #expect(s.value(Standard.workqueueRetries, queue) == 1)
        #expect(s.value(Standard.workqueueQueueDuration + "_count", queue) == 2)
        #expect(s.value(Standard.workqueueQueueDuration + "_bucket", queue.merging(["le": "0.001"]) { $1 }) == 0)
        #expect(s.value(Standard.workqueueQueueDuration + "_bucket", queue.merging(["le": "0.01"]) { $1 }) == 2)
        #expect(s.value(Standard.workqueueWorkDuration + "_count", queue) == 1)
        #expect(s.value(Standard.workqueueWorkDuration + "_bucket", queue.merging(["le": "0.0001"]) { $1 }) == 1)
        let host = "10.96.0.1:443"
        #expect(s.value(Standard.restClientRequests, ["code": "200", "method": "GET", "host": host]) == 2)
        #expect(s.value(Standard.restClientRequests, ["code": "<error>", "method": "DELETE", "host": host]) == 1)
        #expect(s.value(Standard.restClientRequests, ["code": "409", "method": "PATCH", "host": host]) == 1)
    }

    @Test("client-go's host label is host:port of the API server URL")
    func hostLabel() {
        #expect(DrawbridgeMetrics.host(of: "https://10.96.0.1:443") == "10.96.0.1:443")
        #expect(DrawbridgeMetrics.host(of: "https://kubernetes.default.svc") == "kubernetes.default.svc")
        #expect(DrawbridgeMetrics.host(of: "https://127.0.0.1:6443/") == "127.0.0.1:6443")
    }

    @Test("Without a tracked controller the state gauges exist at zero, one per phase")
    func untrackedGauges() {
        let (_, s) = Self.rendered()
        for phase in ["Pending", "Approved", "Active", "Rejected", "Denied", "TimedOut", "Expired", "Revoked"] {
            #expect(s.value(Name.accessRequests, ["phase": phase]) == 0, "\(phase)")
        }
        #expect(s.value(Name.grantsActive) == 0)
        #expect(s.value(Name.workqueueDepth) == 0)
        #expect(s.types[Standard.leaderElectionMasterStatus] == nil, "only for a controller that competes for a Lease")
    }

    @Test("Two instances keep separate registries, so tests never see each other's series")
    func isolated() {
        let first = DrawbridgeMetrics(), second = DrawbridgeMetrics()
        first.revocationObserver(.seconds(1))
        let scraped = PrometheusText(String(decoding: second.exposition(), as: UTF8.self))
        #expect(scraped.value(Name.revocationLag + "_count") == 0)
    }
}
