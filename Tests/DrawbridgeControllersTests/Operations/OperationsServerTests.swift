import DrawbridgeControllers
import DrawbridgeTesting
import Logging
import Synchronization
import Testing

/// The probe and metrics endpoints over real HTTP on free ports.
@Suite("Health, readiness and metrics endpoints")
struct OperationsServerTests {
    /// Servers running until `stop()`, with the port each one bound.
    struct Running {
        var servers: [OperationsServer]
        var tasks: [Task<Void, any Error>]
        var ports: [Int]

        func url(_ index: Int, _ path: String) -> String { "http://127.0.0.1:\(ports[index])\(path)" }

        func stop() async {
            for task in tasks { task.cancel() }
            for task in tasks { _ = await task.result }
        }
    }

    static var quiet: Logger {
        var logger = Logger(label: "test-operations")
        // Hummingbird logs connections cancelled at shutdown as errors; they are expected here.
        logger.logLevel = .critical
        return logger
    }

    static func start(_ servers: [OperationsServer]) async throws -> Running {
        let tasks = servers.map { server in Task { try await server.run() } }
        var ports: [Int] = []
        for server in servers { ports.append(try #require(await server.boundPort())) }
        return Running(servers: servers, tasks: tasks, ports: ports)
    }

    @Test("/healthz is 200 ok; /readyz is 503 with its reason until ready, then 200; /metrics is the exposition")
    func probesAndMetrics() async throws {
        let ready = Mutex(false)
        let metrics = DrawbridgeMetrics()
        let servers = OperationsServer.servers(
            probes: .init(notReadyReason: "not ready: caches not synced") { ready.withLock { $0 } },
            at: OperationsServer.Address(host: "127.0.0.1", port: 0), metrics: { metrics.exposition() },
            at: OperationsServer.Address(host: "127.0.0.1", port: 0), logger: Self.quiet)
        #expect(servers.map(\.paths) == [["/healthz", "/readyz"], ["/metrics"]], "port 0 twice: two servers")
        let running = try await Self.start(servers)
        do {
            let health = try await Fetched.get(running.url(0, "/healthz"))
            #expect(health.status == 200 && health.body == "ok")
            let notReady = try await Fetched.get(running.url(0, "/readyz"))
            #expect(notReady.status == 503)
            #expect(notReady.body == "not ready: caches not synced\n")
            ready.withLock { $0 = true }
            let isReady = try await Fetched.get(running.url(0, "/readyz"))
            #expect(isReady.status == 200 && isReady.body == "ok")
            #expect(try await Fetched.get(running.url(0, "/metrics")).status == 404, "metrics live on their own port")
            #expect(try await Fetched.get(running.url(1, "/healthz")).status == 404)

            metrics.revocationObserver(.seconds(3))
            let scraped = try await Fetched.get(running.url(1, "/metrics"))
            #expect(scraped.status == 200)
            #expect(scraped.contentType == "text/plain; version=0.0.4; charset=utf-8")
            let text = PrometheusText(scraped.body)
            #expect(text.malformed == [])
            #expect(text.types[DrawbridgeMetrics.Name.revocationLag] == "histogram")
            #expect(text.value(DrawbridgeMetrics.Name.revocationLag + "_count") == 1)
        } catch {
            Issue.record(error)
        }
        await running.stop()
    }

    @Test("Equal addresses share one server; either address at 0 leaves only the other")
    func sharingAndDisabling() async throws {
        let probes = OperationsServer.Probes { true }
        let address = OperationsServer.Address(host: "127.0.0.1", port: 18_081)
        let shared = OperationsServer.servers(probes: probes, at: address, metrics: { [] }, at: address)
        #expect(shared.map(\.paths) == [["/healthz", "/readyz", "/metrics"]])
        #expect(shared.map(\.address) == [address])
        let metricsOnly = OperationsServer.servers(probes: probes, at: nil, metrics: { [] }, at: address)
        #expect(metricsOnly.map(\.paths) == [["/metrics"]])
        let probesOnly = OperationsServer.servers(probes: probes, at: address, metrics: { [] }, at: nil)
        #expect(probesOnly.map(\.paths) == [["/healthz", "/readyz"]])
        #expect(OperationsServer.servers(probes: probes, at: nil, metrics: { [] }, at: nil).isEmpty)
    }

    @Test("One server for both paths answers both, on one port")
    func oneServerForBoth() async throws {
        let metrics = DrawbridgeMetrics()
        let running = try await Self.start([
            OperationsServer(
                address: OperationsServer.Address(host: "127.0.0.1", port: 0), probes: .init { true },
                metrics: { metrics.exposition() }, logger: Self.quiet)
        ])
        do {
            #expect(try await Fetched.get(running.url(0, "/readyz")).status == 200)
            #expect(
                try await Fetched.get(running.url(0, "/metrics")).body.contains("# TYPE drawbridge_grants_active gauge")
            )
        } catch {
            Issue.record(error)
        }
        await running.stop()
    }

    @Test("A port already taken ends run() with a ListenError naming the address and paths")
    func portTaken() async throws {
        let first = try await Self.start([
            OperationsServer(
                address: OperationsServer.Address(host: "127.0.0.1", port: 0), probes: .init { true },
                logger: Self.quiet)
        ])
        let taken = OperationsServer.Address(host: "127.0.0.1", port: first.ports[0])
        let second = OperationsServer(address: taken, metrics: { [] }, logger: Self.quiet)
        do {
            try await second.run()
            Issue.record("a second server listened on a taken port")
        } catch let error as OperationsServer.ListenError {
            #expect(error.address == taken)
            #expect(error.description.hasPrefix("cannot serve /metrics on 127.0.0.1:\(first.ports[0]): "), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(await second.boundPort() == nil)
        await first.stop()
    }
}
