import APIServerEmulator
import AsyncHTTPClient
import DrawbridgeAPI
import DrawbridgeTesting
import EmulatorServer
import Foundation
import KubeClient
import NIOCore
import Testing

/// `drawbridge controller --leader-elect` as it runs in a pod, scraped over HTTP after it reconciled
/// a request: every series is there with its type and HELP text, under Drawbridge's names and
/// controller-runtime's, and every alert rule and dashboard panel reads series it really exports.
@Suite(
    "What /metrics exports, and the alerts and dashboard that read it", .serialized,
    .enabled(if: CommandLineTests.binary != nil, "needs the built binary"))
struct MetricsScrapeTests {
    /// Each family: name, type and HELP text, exactly as scraped.
    static let families: [(name: String, type: String, help: String)] = [
        ("drawbridge_accessrequests", "gauge", "AccessRequests in the controller's cache, by status.phase."),
        ("drawbridge_grants_active", "gauge", "AccessRequests in phase Active: grants in force."),
        (
            "drawbridge_reconcile_duration_seconds", "histogram",
            "Time spent in one reconcile of an AccessRequest, by result."
        ),
        (
            "drawbridge_workqueue_depth", "gauge",
            "AccessRequests waiting for a worker in the current leadership term's queue."
        ),
        (
            "drawbridge_workqueue_wait_seconds", "histogram",
            "Time from an AccessRequest's first add to the queue to a worker taking it."
        ),
        (
            "drawbridge_revocation_lag_seconds", "histogram",
            "For grants revoked at expiry: how long after expiresAt the RoleBinding was deleted."
        ),
        (
            "drawbridge_api_requests_total", "counter",
            "Requests from the controller to the API server, by Kubernetes verb and HTTP code (0: no answer)."
        ),
        ("drawbridge_webhook_duration_seconds", "histogram", "Time to answer one AdmissionReview, by webhook."),
        ("drawbridge_webhook_denials_total", "counter", "AdmissionReviews answered with a denial, by webhook."),
        ("drawbridge_audit_writes_total", "counter", "Audit records the controller tried to write, by result."),
        (
            "drawbridge_breakglass_unreviewed", "gauge",
            "Break-glass grants nobody ratified or rejected within their policy's breakGlass.reviewWithin."
        ),
        (
            "controller_runtime_reconcile_total", "counter",
            "Total number of reconciliations per controller, by result."
        ),
        (
            "controller_runtime_reconcile_errors_total", "counter",
            "Total number of reconciliation errors per controller."
        ),
        ("controller_runtime_reconcile_time_seconds", "histogram", "Length of time per reconciliation per controller."),
        ("workqueue_depth", "gauge", "Current depth of the work queue."),
        ("workqueue_adds_total", "counter", "Total number of adds handled by the work queue."),
        (
            "workqueue_queue_duration_seconds", "histogram",
            "How long in seconds an item stays in the work queue before being requested."
        ),
        (
            "workqueue_work_duration_seconds", "histogram",
            "How long in seconds processing an item from the work queue takes."
        ),
        ("workqueue_retries_total", "counter", "Total number of retries handled by the work queue."),
        (
            "rest_client_requests_total", "counter",
            "Number of HTTP requests to the API server, partitioned by status code, method, and host."
        ),
        (
            "leader_election_master_status", "gauge",
            "1 while this replica holds the leader election Lease, 0 otherwise."
        ),
    ]

    /// A controller that has led and reconciled one request, and its scrape.
    static func scrapedController() async throws -> (text: String, scraped: PrometheusText) {
        let harness = try await EmulatorHarness()
        let running = try await RunningEmulator.start(api: harness.api)
        let directory = try ChildProcess.scratchDirectory("scrape")
        let kubeconfig = directory.appendingPathComponent("kubeconfig").path
        try running.kubeconfig(
            users: [.init(name: "controller", token: "controller-harness")], currentContext: "controller"
        ).write(to: kubeconfig)
        let port = try DevProcess.freePort()
        let controller = try ChildProcess(
            [
                "controller", "--kubeconfig", kubeconfig, "--webhook-port", "0", "--leader-elect",
                "--metrics-bind-address", "127.0.0.1:\(port)", "--health-probe-bind-address", "0",
                "--audit-log", directory.appendingPathComponent("audit.jsonl").path,
            ], in: directory)
        defer { Task { _ = await controller.stop(signal: SIGTERM) } }
        #expect(await controller.waitForLog("became leader"), "\(controller.stderr)")
        // A request that never passed the webhook: reconciled, rejected, audited.
        var request = AccessRequest.fixture(name: "unvouched")
        request.metadata.uid = nil
        request.metadata.resourceVersion = nil
        request.metadata.creationTimestamp = nil
        request.status = nil
        _ = try await harness.client("admin").create(request)
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while ContinuousClock.now < deadline {
            let text = try await Self.get("http://127.0.0.1:\(port)/metrics")
            let scraped = PrometheusText(text)
            if scraped.value("leader_election_master_status", ["name": "drawbridge-controller"]) == 1,
                scraped.total("drawbridge_audit_writes_total", where: ["result": "success"]) >= 1,
                scraped.total("controller_runtime_reconcile_total") >= 1
            {
                await running.stop()
                return (text, scraped)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        await running.stop()
        throw HarnessError("the controller did not lead and reconcile within 60 s:\n\(controller.stderr)")
    }

    static func get(_ url: String) async throws -> String {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        return String(buffer: try await response.body.collect(upTo: 16 * 1024 * 1024))
    }

    @Test("Every family is exported with its TYPE and HELP lines, literally, and nothing without HELP")
    func families() async throws {
        let (text, scraped) = try await Self.scrapedController()
        let lines = Set(text.split(separator: "\n").map(String.init))
        for family in Self.families {
            #expect(lines.contains("# TYPE \(family.name) \(family.type)"), "\(family.name)")
            #expect(lines.contains("# HELP \(family.name) \(family.help)"), "\(family.name)")
        }
        #expect(Set(scraped.types.keys) == Set(Self.families.map(\.name)), "no family missing or unexplained")
        #expect(Set(scraped.help.keys) == Set(scraped.types.keys), "every series has # HELP")
        #expect(scraped.malformed == [])
        // Labels as controller-runtime and client-go spell them.
        #expect(scraped.value("workqueue_depth", ["name": "accessrequest"]) != nil)
        #expect(scraped.value("controller_runtime_reconcile_errors_total", ["controller": "accessrequest"]) != nil)
        for result in ["success", "error", "requeue", "requeue_after"] {
            #expect(
                scraped.value("controller_runtime_reconcile_total", ["controller": "accessrequest", "result": result])
                    != nil, "\(result)")
        }
        let requests = scraped.samples.filter { $0.name == "rest_client_requests_total" }
        #expect(!requests.isEmpty && requests.allSatisfy { Set($0.labels.keys) == ["code", "method", "host"] })
        #expect(requests.contains { $0.labels["method"] == "GET" && $0.labels["code"] == "200" })
        #expect(requests.allSatisfy { $0.labels["host"]?.hasPrefix("127.0.0.1:") == true }, "the API server's host")
    }

    /// Every PromQL expression in config/prometheus/rules.yaml and dist/grafana/drawbridge.json.
    static func expressions() throws -> [(source: String, expression: String)] {
        let root = KubectlConformanceTests.root
        let rules = try YAMLJSON.documents(
            in: String(contentsOfFile: "\(root)/config/prometheus/rules.yaml", encoding: .utf8))
        var found: [(String, String)] = []
        for document in rules {
            for group in document[path: ["spec", "groups"]]?.arrayValue ?? [] {
                for rule in group["rules"]?.arrayValue ?? [] {
                    guard let expression = rule["expr"]?.stringValue else { continue }
                    found.append(("rules.yaml \(rule["alert"]?.stringValue ?? "?")", expression))
                }
            }
        }
        let dashboard = try JSONValue.parse(
            Array(try Data(contentsOf: URL(fileURLWithPath: "\(root)/dist/grafana/drawbridge.json"))))
        for panel in dashboard["panels"]?.arrayValue ?? [] {
            for target in panel["targets"]?.arrayValue ?? [] {
                guard let expression = target["expr"]?.stringValue else { continue }
                found.append(("dashboard \"\(panel["title"]?.stringValue ?? "?")\"", expression))
            }
        }
        return found
    }

    @Test("Every alert rule and dashboard expression reads only series the binary exports")
    func rulesAndDashboard() async throws {
        let expressions = try Self.expressions()
        #expect(expressions.count >= 20, "the rules and the panels were found: \(expressions.count)")
        let (_, scraped) = try await Self.scrapedController()
        for (source, expression) in expressions {
            let names = PromQLNames.metrics(in: expression)
            #expect(!names.isEmpty, "\(source): \(expression)")
            for name in names {
                let family = ["_bucket", "_sum", "_count"].reduce(name) { base, suffix in
                    name.hasSuffix(suffix) && scraped.types[String(name.dropLast(suffix.count))] == "histogram"
                        ? String(name.dropLast(suffix.count)) : base
                }
                #expect(scraped.types[family] != nil, "\(source) reads \(name), which /metrics does not export")
            }
        }
    }

    @Test(
        "The PromQL scanner finds metric names and skips functions, label matchers, ranges and grouping labels",
        arguments: [
            ("rate(a_total[5m])", ["a_total"]),
            (#"sum by (le) (rate(b_bucket{job="x",code=~"4..|5.."}[10m]))"#, ["b_bucket"]),
            ("(sum(c{name=\"d\"}) or vector(0)) < 1", ["c"]),
            ("sum(rate(e[5m])) == 0 and sum(max by (phase) (f{phase=~\"P|A\"})) > 0", ["e", "f"]),
            ("sum(g) by (code, method) / ignoring(code) group_left h", ["g", "h"]),
            ("histogram_quantile(0.99, sum by (le, webhook) (rate(i_bucket[$__rate_interval]))) > 1e3", ["i_bucket"]),
        ])
    func scanner(expression: String, names: [String]) {
        #expect(PromQLNames.metrics(in: expression) == Set(names))
    }
}
