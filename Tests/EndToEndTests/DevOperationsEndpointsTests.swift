import AsyncHTTPClient
import DrawbridgeTesting
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// `drawbridge dev` serves the probes and metrics a cluster would scrape, on the ports its banner names.
@Suite(
    "drawbridge dev's probe and metrics endpoints",
    .enabled(if: CommandLineTests.binary != nil, "needs the built binary"))
struct DevOperationsEndpointsTests {
    static func get(_ url: String) async throws -> (status: UInt, body: String) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        return (response.status.code, String(buffer: try await response.body.collect(upTo: 4 * 1024 * 1024)))
    }

    @Test(
        "The banner names the bound probe and metrics URLs; /readyz turns 200 and /metrics shows the controller's API calls"
    )
    func endpoints() async throws {
        let dev = try await DevProcess.start()
        defer { Task { _ = await dev.stop() } }
        let healthz = try #require(dev.endpoint("/healthz"), "\(dev.stdout)")
        let readyz = try #require(dev.endpoint("/readyz"), "\(dev.stdout)")
        let metrics = try #require(dev.endpoint("/metrics"), "\(dev.stdout)")
        #expect(healthz.hasPrefix("http://127.0.0.1:") && !healthz.hasPrefix("http://127.0.0.1:0/"))
        #expect(metrics != readyz.replacingOccurrences(of: "/readyz", with: "/metrics"), "port 0 twice: two servers")

        let health = try await Self.get(healthz)
        #expect(health.status == 200 && health.body == "ok")
        let deadline = ContinuousClock.now.advanced(by: .seconds(30))
        var ready = try await Self.get(readyz)
        while ready.status != 200, ContinuousClock.now < deadline {
            #expect(ready.status == 503 && ready.body.hasPrefix("not ready: "))
            try await Task.sleep(for: .milliseconds(100))
            ready = try await Self.get(readyz)
        }
        #expect(ready.status == 200)

        let scraped = PrometheusText(try await Self.get(metrics).body)
        #expect(scraped.malformed == [])
        #expect(scraped.types["drawbridge_api_requests_total"] == "counter")
        #expect(
            scraped.total("drawbridge_api_requests_total", where: ["verb": "get", "code": "200"]) >= 6,
            "one list per informer")
        #expect(scraped.value("drawbridge_accessrequests", ["phase": "Active"]) == 0)
        #expect(scraped.types["drawbridge_webhook_duration_seconds"] == "histogram")
    }
}
