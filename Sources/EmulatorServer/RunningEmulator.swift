import APIServerEmulator
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// An emulator listening on a real socket inside this process: what `drawbridge emulator` runs and
/// what end-to-end tests start on a free port.
///
/// It installs no signal handlers: whoever runs it decides when to `stop()` (the commands do on
/// SIGINT/SIGTERM through their service group), so a test process is never taken over.
public final class RunningEmulator: Sendable {
    /// How long requests in flight may take to finish once `stop()` begins; then they are cancelled.
    public static let shutdownGracePeriod = Duration.seconds(5)

    public let api: APIServer
    /// The bound port.
    public let port: Int
    /// `https://127.0.0.1:PORT` or `http://...`.
    public let url: String
    /// Present when serving HTTPS.
    public let certificates: EmulatorCertificates?
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(
        api: APIServer, port: Int, url: String, certificates: EmulatorCertificates?, group: ServiceGroup,
        task: Task<Void, any Error>
    ) {
        self.api = api
        self.port = port
        self.url = url
        self.certificates = certificates
        self.group = group
        self.task = task
    }

    /// Starts serving `api` on `host:port` (0 = any free port) and returns once the socket listens.
    public static func start(api: APIServer, host: String = "127.0.0.1", port: Int = 0, tls: Bool = true) async throws
        -> RunningEmulator
    {
        let certificates = tls ? try EmulatorCertificates.generate(hosts: [host, "localhost"]) : nil
        let (bound, boundContinuation) = AsyncStream<Int>.makeStream()
        let app = try EmulatorHTTPServer.application(api: api, host: host, port: port, certificates: certificates) {
            port in
            boundContinuation.yield(port)
            boundContinuation.finish()
        }
        var logger = Logger(label: "drawbridge.emulator")
        logger.logLevel = .critical
        var configuration = ServiceGroupConfiguration(
            services: [
                .init(
                    service: app, successTerminationBehavior: .gracefullyShutdownGroup,
                    failureTerminationBehavior: .gracefullyShutdownGroup)
            ], logger: logger)
        // Stuck requests (a webhook that never answers) must not keep the process alive.
        configuration.maximumGracefulShutdownDuration = shutdownGracePeriod
        let group = ServiceGroup(configuration: configuration)
        let task = Task {
            // If the server stops before listening (e.g. the port is taken), end the wait below
            // instead of leaving `start` suspended forever.
            defer { boundContinuation.finish() }
            try await group.run()
        }
        var iterator = bound.makeAsyncIterator()
        guard let actual = await iterator.next() else {
            task.cancel()
            let reason = await task.result.failureDescription
            throw EmulatorStartError(message: "the emulator could not listen on \(host):\(port)\(reason)")
        }
        let scheme = tls ? "https" : "http"
        return RunningEmulator(
            api: api, port: actual, url: "\(scheme)://\(host):\(actual)", certificates: certificates, group: group,
            task: task)
    }

    /// A kubeconfig for this emulator with one context per user.
    public func kubeconfig(users: [Kubeconfig.User], currentContext: String) -> Kubeconfig {
        Kubeconfig(server: url, caPEM: certificates?.caPEM, users: users, currentContext: currentContext)
    }

    /// Stops as kube-apiserver does on shutdown: every open watch ends (its stream is finished
    /// cleanly, so clients see the watch close rather than hang), new watches end at once, the socket
    /// stops accepting, and requests in flight get `shutdownGracePeriod` to finish before they are
    /// cancelled. Returns once the server is down; calling it again just waits for that.
    public func stop() async {
        api.closeWatches()
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}

/// The emulator could not start.
public struct EmulatorStartError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension Result {
    /// `": <error>"` for a failure, empty otherwise.
    fileprivate var failureDescription: String {
        if case .failure(let error) = self { return ": \(error)" }
        return ""
    }
}
