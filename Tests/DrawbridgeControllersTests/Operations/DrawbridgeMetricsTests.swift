import ControllerRuntime
import DrawbridgeControllers
import DrawbridgeTesting
import Testing

/// What `/metrics` renders, straight from `DrawbridgeMetrics` with its own registry (no HTTP, no
/// global MetricsSystem).
@Suite("Drawbridge's Prometheus series")
struct DrawbridgeMetricsTests {
    typealias Name = DrawbridgeMetrics.Name

    /// Fresh metrics with one of each observation, rendered and parsed.
    static func rendered() -> (DrawbridgeMetrics, PrometheusText) {
        let metrics = DrawbridgeMetrics()
        metrics.reconcileObserver("demo/a", .milliseconds(30), .success)
        metrics.queueWaitObserver("demo/a", .milliseconds(7))
        metrics.revocationObserver(.milliseconds(1500))
        metrics.apiRequestObserver("get", "/apis/drawbridge.dev/v1alpha1/accessrequests", 200)
        metrics.apiRequestObserver("get", "/apis/drawbridge.dev/v1alpha1/accessrequests", 200)
        metrics.apiRequestObserver("delete", "/apis/rbac.authorization.k8s.io/v1/namespaces/demo/rolebindings/x", 0)
        metrics.webhookObserver(.mutating, .microseconds(800), true)
        metrics.webhookObserver(.validating, .milliseconds(3), false)
        let text = String(decoding: metrics.exposition(), as: UTF8.self)
        return (metrics, PrometheusText(text))
    }

    @Test(
        "Each series is rendered with its Prometheus type",
        arguments: [
            (Name.accessRequests, "gauge"), (Name.grantsActive, "gauge"), (Name.workqueueDepth, "gauge"),
            (Name.reconcileDuration, "histogram"), (Name.workqueueWait, "histogram"), (Name.revocationLag, "histogram"),
            (Name.webhookDuration, "histogram"), (Name.apiRequests, "counter"), (Name.webhookDenials, "counter"),
        ])
    func typed(name: String, type: String) {
        let (_, scraped) = Self.rendered()
        #expect(scraped.types[name] == type)
        #expect(scraped.malformed == [])
    }

    @Test("The names follow Prometheus conventions: prefix, snake_case, _total counters, _seconds durations")
    func names() {
        let (_, scraped) = Self.rendered()
        #expect(scraped.types.count == 9)
        for (name, type) in scraped.types {
            #expect(name.hasPrefix("drawbridge_") && name.allSatisfy { $0.isLowercase || $0 == "_" }, "\(name)")
            if type == "counter" { #expect(name.hasSuffix("_total"), "\(name)") }
            if type == "histogram" { #expect(name.hasSuffix("_seconds"), "\(name)") }
        }
    }

    @Test("Observations land in the right series, labels and buckets, durations in seconds")
    func values() {
        let (_, s) = Self.rendered()
        #expect(s.value(Name.reconcileDuration + "_count", ["result": "success"]) == 1)
        #expect(s.value(Name.reconcileDuration + "_count", ["result": "conflict"]) == 0, "every result exists at 0")
        #expect(s.value(Name.reconcileDuration + "_sum", ["result": "success"]) == 0.03)
        #expect(s.value(Name.reconcileDuration + "_bucket", ["result": "success", "le": "0.025"]) == 0)
        #expect(s.value(Name.reconcileDuration + "_bucket", ["result": "success", "le": "0.05"]) == 1)
        #expect(s.value(Name.workqueueWait + "_bucket", ["le": "0.01"]) == 1)
        #expect(s.value(Name.workqueueWait + "_bucket", ["le": "0.005"]) == 0)
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
    }

    @Test("Without a tracked controller the state gauges exist at zero, one per phase")
    func untrackedGauges() {
        let (_, s) = Self.rendered()
        for phase in ["Pending", "Approved", "Active", "Rejected", "Denied", "TimedOut", "Expired", "Revoked"] {
            #expect(s.value(Name.accessRequests, ["phase": phase]) == 0, "\(phase)")
        }
        #expect(s.value(Name.grantsActive) == 0)
        #expect(s.value(Name.workqueueDepth) == 0)
    }

    @Test("Two instances keep separate registries, so tests never see each other's series")
    func isolated() {
        let first = DrawbridgeMetrics(), second = DrawbridgeMetrics()
        first.revocationObserver(.seconds(1))
        let scraped = PrometheusText(String(decoding: second.exposition(), as: UTF8.self))
        #expect(scraped.value(Name.revocationLag + "_count") == 0)
    }
}
