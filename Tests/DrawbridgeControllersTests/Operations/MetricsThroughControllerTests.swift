import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeTesting
import KubeClient
import Testing

/// The endpoints wired to a harness controller on a manual clock, scraped over HTTP while a request
/// goes from creation to expiry: the series must move with what the controller does.
@Suite("Metrics and probes through a running controller")
struct MetricsThroughControllerTests {
    typealias Name = DrawbridgeMetrics.Name
    typealias Standard = DrawbridgeMetrics.StandardName

    @Test("Scrapes follow a request from creation through approval to expiry, and a refused self-approval")
    func lifecycle() async throws {
        let metrics = DrawbridgeMetrics()
        let h = try await ControllerHarness(
            policies: [.fixture(approverUsers: ["dave"], approverGroups: ["sre"])],
            webhookObserver: metrics.webhookObserver)
        let running = try await OperationsServerTests.start(
            OperationsServer.servers(
                probes: .init(notReadyReason: "not ready: caches not synced") { h.controller?.isReady ?? false },
                at: OperationsServer.Address(host: "127.0.0.1", port: 0), metrics: { metrics.exposition() },
                at: OperationsServer.Address(host: "127.0.0.1", port: 0), logger: OperationsServerTests.quiet))
        func scrape() async throws -> PrometheusText {
            let fetched = try await Fetched.get(running.url(1, "/metrics"))
            #expect(fetched.status == 200)
            return PrometheusText(fetched.body)
        }
        /// Scrapes until `condition` holds: the gauges follow the informer's cache, a moment behind the API.
        func scrape(until what: String, _ condition: @escaping (PrometheusText) -> Bool) async throws -> PrometheusText
        {
            try await h.eventually(what) {
                let scraped = try await scrape()
                return condition(scraped) ? scraped : nil
            }
        }
        func active(_ s: PrometheusText) -> Double? { s.value(Name.accessRequests, ["phase": "Active"]) }

        do {
            #expect(try await Fetched.get(running.url(0, "/healthz")).status == 200)
            let notReady = try await Fetched.get(running.url(0, "/readyz"))
            #expect(notReady.status == 503 && notReady.body == "not ready: caches not synced\n")
            let before = try await scrape()
            #expect(before.total(Name.apiRequests) == 0)
            #expect(before.total(Name.reconcileDuration + "_count") == 0)
            #expect(active(before) == 0)

            try await h.start(metrics: metrics)
            let ready = try await Fetched.get(running.url(0, "/readyz"))
            #expect(ready.status == 200 && ready.body == "ok")

            // Create, approve: Active.
            try await h.create(AccessRequest.fixture(name: "fix", duration: "30m"))
            try await h.waitFor("fix", phase: .pending)
            await h.clock.advance(by: .seconds(60))
            try await h.review("fix", as: "bob")
            try await h.waitFor("fix", phase: .active)
            let granted = try await scrape(until: "one request is Active") { active($0) == 1 }
            #expect(granted.value(Name.grantsActive) == 1)
            #expect(granted.total(Name.apiRequests) > 0)
            #expect(granted.total(Name.apiRequests, where: ["verb": "create", "code": "201"]) >= 1, "the RoleBinding")
            #expect(granted.total(Name.reconcileDuration + "_count") > 0)
            #expect(granted.total(Name.workqueueWait + "_count") > 0)
            #expect(
                granted.value(Name.webhookDuration + "_count", ["webhook": "mutating"]) ?? 0 >= 2, "create and review")
            #expect(granted.total(Name.webhookDenials) == 0)
            #expect(granted.value(Name.revocationLag + "_count") == 0)
            // The same activity under controller-runtime's and client-go's names.
            #expect(granted.total(Standard.reconcileTotal) > 0)
            #expect(
                granted.total(Standard.reconcileTotal, where: ["result": "requeue_after"]) >= 1,
                "an Active grant is looked at again at its expiry")
            #expect(granted.total(Standard.workqueueAdds, where: ["name": "accessrequest"]) > 0)
            #expect(granted.total(Standard.workqueueQueueDuration + "_count") > 0)
            #expect(granted.total(Standard.workqueueWorkDuration + "_count") > 0)
            #expect(granted.total(Standard.workqueueRetries) >= 1, "the delayed add at expiry")
            #expect(granted.total(Standard.restClientRequests, where: ["method": "POST", "code": "201"]) >= 1)

            // A requester approving their own request is refused by the webhook: one denial.
            try await h.create(AccessRequest.fixture(name: "selfie"), as: "dave")
            try await h.waitFor("selfie", phase: .pending)
            await #expect(throws: APIError.self) { try await h.review("selfie", as: "dave") }
            let refused = try await scrape(until: "the pending request is counted") {
                $0.value(Name.accessRequests, ["phase": "Pending"]) == 1
            }
            #expect(refused.total(Name.webhookDenials) == 1)

            // Expiry: the grant goes, once, right at expiresAt on the controller's clock.
            await h.clock.advance(by: .seconds(30 * 60))
            try await h.waitFor("fix", phase: .expired)
            let expired = try await scrape(until: "the request is counted as Expired") {
                $0.value(Name.accessRequests, ["phase": "Expired"]) == 1
            }
            #expect(active(expired) == 0)
            #expect(expired.value(Name.grantsActive) == 0)
            #expect(expired.value(Name.revocationLag + "_count") == 1)
            #expect(expired.value(Name.revocationLag + "_sum") ?? 1 < 0.1, "revoked right at expiresAt")
            #expect(expired.total(Name.apiRequests, where: ["verb": "delete"]) >= 1, "the RoleBinding delete")
            #expect(expired.total(Name.apiRequests) > granted.total(Name.apiRequests))
            #expect(expired.total(Name.reconcileDuration + "_count") > granted.total(Name.reconcileDuration + "_count"))
            #expect(expired.value(Name.workqueueDepth) != nil)
            #expect(expired.malformed == [])
        } catch {
            Issue.record(error)
        }
        await h.stop()
        await running.stop()
    }
}
