import APIServerEmulator
import Foundation
import Hummingbird

/// An emulator listening on a real socket inside this process: what `drawbridge emulator` runs and
/// what end-to-end tests start on a free port.
public final class RunningEmulator: Sendable {
    public let api: APIServer
    /// The bound port.
    public let port: Int
    /// `https://127.0.0.1:PORT` or `http://...`.
    public let url: String
    /// Present when serving HTTPS.
    public let certificates: EmulatorCertificates?
    private let task: Task<Void, any Error>

    private init(
        api: APIServer, port: Int, url: String, certificates: EmulatorCertificates?, task: Task<Void, any Error>
    ) {
        self.api = api
        self.port = port
        self.url = url
        self.certificates = certificates
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
        let task = Task {
            // If the server stops before listening (e.g. the port is taken), end the wait below
            // instead of leaving `start` suspended forever.
            defer { boundContinuation.finish() }
            try await app.runService()
        }
        var iterator = bound.makeAsyncIterator()
        guard let actual = await iterator.next() else {
            task.cancel()
            let reason = await task.result.failureDescription
            throw EmulatorStartError(message: "the emulator could not listen on \(host):\(port)\(reason)")
        }
        let scheme = tls ? "https" : "http"
        return RunningEmulator(
            api: api, port: actual, url: "\(scheme)://\(host):\(actual)", certificates: certificates, task: task)
    }

    /// A kubeconfig for this emulator with one context per user.
    public func kubeconfig(users: [Kubeconfig.User], currentContext: String) -> Kubeconfig {
        Kubeconfig(server: url, caPEM: certificates?.caPEM, users: users, currentContext: currentContext)
    }

    /// Stops listening and waits for the server to finish.
    public func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// Waits until the server stops (e.g. on SIGINT handled elsewhere).
    public func wait() async throws {
        try await task.value
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
