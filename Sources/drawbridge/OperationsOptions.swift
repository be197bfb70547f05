import ArgumentParser
import DrawbridgeControllers
import Logging
import Metrics

/// `--health-probe-bind-address` and `--metrics-bind-address`, shared by `controller` and `dev`,
/// spelled as controller-runtime's so manifests and habits carry over.
struct OperationsOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Where /healthz and /readyz listen: host:port, :port (every interface) or 0 (off) (default: :8081; dev: 127.0.0.1:8081).",
            valueName: "address"))
    var healthProbeBindAddress: String?

    @Option(
        help: ArgumentHelp(
            "Where /metrics (Prometheus text format) listens: host:port, :port (every interface) or 0 (off) (default: :8080; dev: 127.0.0.1:8080).",
            valueName: "address"))
    var metricsBindAddress: String?

    /// Where the servers listen when the flags are not given.
    enum Defaults {
        /// Every interface, as controller-runtime: in a pod the kubelet probes and Prometheus scrapes
        /// the pod's IP.
        case cluster
        /// Loopback: `drawbridge dev` runs on a laptop, whose metrics are nobody else's business.
        case loopback

        var healthProbe: String { self == .cluster ? ":8081" : "127.0.0.1:8081" }
        var metrics: String { self == .cluster ? ":8080" : "127.0.0.1:8080" }
    }

    /// The flag and the address it asks for (given, or the default) of each server, probes first.
    func requested(_ defaults: Defaults) -> [(flag: String, text: String)] {
        [
            ("--health-probe-bind-address", healthProbeBindAddress ?? defaults.healthProbe),
            ("--metrics-bind-address", metricsBindAddress ?? defaults.metrics),
        ]
    }

    /// The process's metrics, made and bootstrapped as `MetricsSystem`'s factory on first use: once
    /// per process, whichever command runs.
    static let processMetrics: DrawbridgeMetrics = {
        let metrics = DrawbridgeMetrics()
        MetricsSystem.bootstrap(metrics.factory)
        return metrics
    }()

    /// What to hand the client, controller and webhook so `/metrics` has something to say.
    var metrics: DrawbridgeMetrics { Self.processMetrics }

    /// A CLIError rather than a ValidationError: one line, without the usage text.
    func validate() throws {
        for (flag, text) in requested(.cluster) { _ = try address(flag, text) }
    }

    func address(_ flag: String, _ text: String) throws -> OperationsServer.Address? {
        do {
            return try OperationsServer.Address.parse(text)
        } catch let error as OperationsServer.AddressError {
            throw CLIError("\(flag) \(error)")
        }
    }

    /// The probe and metrics servers the flags ask for (none when both are 0), ready when `isReady`.
    func servers(
        _ defaults: Defaults, isReady: @escaping @Sendable () -> Bool,
        notReadyReason: String =
            "not ready: the caches are still syncing, or (on the leader) the first pass over all requests is not done",
        logger: Logger
    ) throws -> [OperationsServer] {
        let metrics = metrics
        let addresses = try requested(defaults).map { try address($0.flag, $0.text) }
        return OperationsServer.servers(
            probes: .init(notReadyReason: notReadyReason, isReady: isReady), at: addresses[0],
            metrics: { metrics.exposition() }, at: addresses[1], logger: logger)
    }
}

extension OperationsOptions {
    /// One banner line per server once it listens ("probes: http://127.0.0.1:8081/healthz, /readyz");
    /// a one-line CLIError naming the address when one could not listen.
    static func endpoints(of servers: [OperationsServer]) async throws -> [String] {
        var lines: [String] = []
        for server in servers {
            guard let port = await server.boundPort() else {
                let flags = [
                    server.paths.contains(OperationsServer.healthPath) ? "--health-probe-bind-address" : nil,
                    server.paths.contains(OperationsServer.metricsPath) ? "--metrics-bind-address" : nil,
                ].compactMap { $0 }.joined(separator: " and ")
                throw CLIError(
                    "cannot serve \(server.paths.joined(separator: ", ")) on \(server.address) (in use, or not an address of this host); pass another \(flags), or 0 to turn it off"
                )
            }
            let host = ["0.0.0.0", "::"].contains(server.address.host) ? "127.0.0.1" : server.address.host
            let shown = OperationsServer.Address(host: host, port: port)
            let paths = server.paths.enumerated().map { $0.offset == 0 ? "http://\(shown)\($0.element)" : $0.element }
            let name =
                server.paths.contains(OperationsServer.metricsPath)
                ? (server.paths.count > 1 ? "probes and metrics" : "metrics") : "probes"
            lines.append("\(name): \(paths.joined(separator: ", "))")
        }
        return lines
    }
}
