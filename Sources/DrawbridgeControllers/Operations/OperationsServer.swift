import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Plain-HTTP endpoints for the platform rather than for users: `/healthz` and `/readyz` for the
/// kubelet's probes, `/metrics` for Prometheus. One server per `--*-bind-address`; `servers(...)`
/// puts both on one when they name the same address.
///
/// A `Service`, so the commands run it in their ServiceGroup; `run()` returns when the group shuts
/// down or the task is cancelled. Port 0 picks a free port, which `boundPort()` tells.
public final class OperationsServer: Service, Sendable {
    /// Liveness: 200 "ok" for as long as the process serves.
    public static let healthPath = "/healthz"
    /// Readiness: 200 "ok" once `Probes.isReady`, else 503 and one line saying why.
    public static let readyPath = "/readyz"
    /// The Prometheus text exposition.
    public static let metricsPath = "/metrics"
    /// What Prometheus expects of a text exposition (format 0.0.4).
    public static let metricsContentType = "text/plain; version=0.0.4; charset=utf-8"

    /// What `/readyz` answers from.
    public struct Probes: Sendable {
        /// True when the process should get traffic (for the controller: caches synced, first pass queued).
        public var isReady: @Sendable () -> Bool
        /// The 503 body while not ready: one line an operator can act on.
        public var notReadyReason: String

        public init(notReadyReason: String = "not ready", isReady: @escaping @Sendable () -> Bool) {
            self.isReady = isReady
            self.notReadyReason = notReadyReason
        }
    }

    /// The server could not listen on its address (taken, or not an address of this host).
    public struct ListenError: Error, CustomStringConvertible {
        public var address: Address
        public var paths: [String]
        public var underlying: any Error

        public var description: String {
            "cannot serve \(paths.joined(separator: ", ")) on \(address): \(underlying)"
        }
    }

    /// The address asked for (port 0 picks one; see `boundPort()`).
    public let address: Address
    let probes: Probes?
    let metrics: (@Sendable () -> [UInt8])?
    let logger: Logger
    private let listening = ListeningPort()

    /// Serves the probes when `probes` is set and `/metrics` from `metrics` (e.g.
    /// `DrawbridgeMetrics.exposition`) when that is.
    public init(
        address: Address, probes: Probes? = nil, metrics: (@Sendable () -> [UInt8])? = nil,
        logger: Logger = Logger(label: "drawbridge.operations")
    ) {
        self.address = address
        self.probes = probes
        self.metrics = metrics
        self.logger = logger
    }

    /// The servers for the probes at `probesAddress` and the metrics at `metricsAddress` (nil: off):
    /// one per address, a single one when both name the same fixed port (port 0 always gets its own).
    public static func servers(
        probes: Probes, at probesAddress: Address?, metrics: @escaping @Sendable () -> [UInt8],
        at metricsAddress: Address?, logger: Logger = Logger(label: "drawbridge.operations")
    ) -> [OperationsServer] {
        if let probesAddress, probesAddress == metricsAddress, probesAddress.port != 0 {
            return [OperationsServer(address: probesAddress, probes: probes, metrics: metrics, logger: logger)]
        }
        var servers: [OperationsServer] = []
        if let probesAddress {
            servers.append(OperationsServer(address: probesAddress, probes: probes, logger: logger))
        }
        if let metricsAddress {
            servers.append(OperationsServer(address: metricsAddress, metrics: metrics, logger: logger))
        }
        return servers
    }

    /// The paths this server answers.
    public var paths: [String] {
        (probes == nil ? [] : [Self.healthPath, Self.readyPath]) + (metrics == nil ? [] : [Self.metricsPath])
    }

    /// Serves until the task is cancelled or the enclosing ServiceGroup shuts down gracefully; throws
    /// `ListenError` when it cannot listen.
    public func run() async throws {
        let router = Router()
        if let probes {
            router.get(RouterPath(Self.healthPath)) { _, _ in "ok" }
            router.get(RouterPath(Self.readyPath)) { _, _ -> Response in
                probes.isReady()
                    ? Self.text(.ok, "ok") : Self.text(.serviceUnavailable, probes.notReadyReason + "\n")
            }
        }
        if let metrics {
            router.get(RouterPath(Self.metricsPath)) { _, _ -> Response in
                Response(
                    status: .ok, headers: [.contentType: Self.metricsContentType],
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics())))
            }
        }
        let listening = self.listening
        let app = Application(
            router: router, server: .http1(),
            configuration: ApplicationConfiguration(
                address: .hostname(address.host, port: address.port), serverName: "drawbridge-operations"),
            onServerRunning: { channel in listening.announce(channel.localAddress?.port) }, logger: logger)
        // If the server stops before listening (port taken, cancelled early), release the waiters.
        defer { listening.announce(nil) }
        do {
            try await app.run()
        } catch {
            guard listening.hasAnnounced else { throw ListenError(address: address, paths: paths, underlying: error) }
            throw error
        }
    }

    /// The port the server listens on, once it does: the real one when the address's port was 0.
    /// Nil when the server stopped without listening.
    public func boundPort() async -> Int? {
        await listening.wait()
    }

    static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
