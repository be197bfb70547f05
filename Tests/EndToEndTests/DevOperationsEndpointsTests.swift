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

/// `drawbridge dev` on a laptop keeps its probes and metrics on loopback unless told otherwise (the
/// in-cluster `drawbridge controller` listens on every interface, for the kubelet and Prometheus).
@Suite(
    "drawbridge dev binds its probe and metrics ports to loopback",
    .enabled(if: CommandLineTests.binary != nil && ListeningSockets.available, "needs the binary and /proc/net/tcp"))
struct DevLoopbackTests {
    @Test("Without the bind flags, dev listens on 127.0.0.1:8081 and 127.0.0.1:8080 (or names them when taken)")
    func loopbackByDefault() async throws {
        let directory = try ChildProcess.scratchDirectory("dev-loopback")
        let dev = try ChildProcess(
            [
                "dev", "--listen", "127.0.0.1:0", "--webhook-port", String(try DevProcess.freePort()),
                "--kubeconfig", directory.appendingPathComponent("kubeconfig").path,
            ], in: directory, workingDirectory: PackageRoot.url)
        if await dev.waitForOutput("Press Ctrl-C to stop.") {
            #expect(dev.stdout.contains("probes: http://127.0.0.1:8081/healthz, /readyz"), "\(dev.stdout)")
            #expect(dev.stdout.contains("metrics: http://127.0.0.1:8080/metrics"), "\(dev.stdout)")
            // /proc/net/tcp is read in pages while other tests open and close sockets, so one read can
            // miss a line: look until both show (or a minute has passed).
            var listening: Set<String> = []
            let deadline = ContinuousClock.now.advanced(by: .seconds(60))
            while !(listening.contains("127.0.0.1:8081") && listening.contains("127.0.0.1:8080")),
                ContinuousClock.now < deadline
            {
                listening.formUnion(try ListeningSockets.owned(by: dev.pid))
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(listening.contains("127.0.0.1:8081") && listening.contains("127.0.0.1:8080"), "\(listening)")
            #expect(!listening.contains { $0.hasPrefix("0.0.0.0:") }, "nothing on every interface: \(listening)")
            #expect(await dev.stop(signal: SIGINT) == 0, "\(dev.stderr)")
        } else {
            // Something else holds a default port on this machine: the refusal names the loopback address.
            #expect(await dev.waitForExit(timeout: .seconds(30)) == 1, "\(dev.stderr)")
            #expect(
                dev.stderr.contains("cannot listen on 127.0.0.1:8081 (in use?)")
                    || dev.stderr.contains("cannot listen on 127.0.0.1:8080 (in use?)"), "\(dev.stderr)")
        }
    }
}

/// The IPv4 TCP sockets a process listens on, read from Linux's /proc (`host:port` each).
enum ListeningSockets {
    static var available: Bool { FileManager.default.isReadableFile(atPath: "/proc/net/tcp") }

    static func owned(by pid: Int32) throws -> [String] {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
        let inodes = Set(
            fds.compactMap { fd -> String? in
                guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)"),
                    target.hasPrefix("socket:[")
                else { return nil }
                return String(target.dropFirst("socket:[".count).dropLast())
            })
        let table = try String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)
        return table.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: " ")
            // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
            guard fields.count > 9, fields[3] == "0A", inodes.contains(String(fields[9])) else { return nil }
            let parts = fields[1].split(separator: ":")
            guard parts.count == 2, let address = UInt32(parts[0], radix: 16), let port = UInt16(parts[1], radix: 16)
            else { return nil }
            let octets = (0..<4).map { String((address >> (8 * $0)) & 0xFF) }
            return "\(octets.joined(separator: ".")):\(port)"
        }
    }
}
