import AsyncHTTPClient
import DrawbridgeControllers
import DrawbridgeTesting
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import Testing

/// A certificate rotated in the mounted directory (as cert-manager does) is served to new connections
/// without a restart, and a rotation that cannot be used leaves the previous certificate serving.
@Suite("Webhook serving certificate rotation")
struct CertificateRotationTests {
    typealias F = AdmissionFixtures

    /// A directory holding tls.crt and tls.key, removed by `remove()`.
    struct CertificateDirectory {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("drawbridge-certs-\(UUID().uuidString)")

        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }

        func write(certificate: String, key: String) throws {
            try Data(certificate.utf8).write(to: url.appendingPathComponent("tls.crt"), options: .atomic)
            try Data(key.utf8).write(to: url.appendingPathComponent("tls.key"), options: .atomic)
        }

        func write(_ certificates: WebhookCertificates) throws {
            try write(certificate: certificates.certificatePEM, key: certificates.privateKeyPEM)
        }

        func remove() { try? FileManager.default.removeItem(at: url) }
    }

    static var quietLogger: Logger {
        var logger = Logger(label: "test-webhook")
        // Hummingbird logs connections cancelled at shutdown as errors; they are expected here.
        logger.logLevel = .critical
        return logger
    }

    static func certificates() throws -> WebhookCertificates {
        try WebhookCertificates.selfSigned(hosts: ["127.0.0.1", "localhost"])
    }

    /// Whether a fresh HTTPS connection to the server's health endpoint succeeds trusting only `caPEM`.
    /// A new client each time, so a pooled connection from an earlier handshake is never reused, and
    /// one that fails at once on a refused certificate instead of retrying until the timeout.
    static func handshakeSucceeds(port: Int, trusting caPEM: String) async throws -> Bool {
        var configuration = HTTPClient.Configuration()
        configuration.tlsConfiguration = TLSConfiguration.makeClientConfiguration()
        configuration.tlsConfiguration?.trustRoots = .certificates(
            try NIOSSLCertificate.fromPEMBytes(Array(caPEM.utf8)))
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let succeeded: Bool
        do {
            let response = try await client.execute(
                HTTPClientRequest(url: "https://127.0.0.1:\(port)\(WebhookServer.healthPath)"), timeout: .seconds(30))
            succeeded = response.status == .ok
        } catch {
            succeeded = false
        }
        try await client.shutdown()
        return succeeded
    }

    /// Starts a server that reloads from `directory` every `interval`; returns it, its task and port.
    static func start(_ directory: CertificateDirectory, interval: Duration) async throws
        -> (reloader: CertificateReloader, task: Task<Void, any Error>, port: Int)
    {
        let reloader = try CertificateReloader(directory: directory.url, interval: interval, logger: quietLogger)
        let server = WebhookServer(
            host: "127.0.0.1", port: 0, reloading: reloader, admission: F.admission, logger: quietLogger)
        let task = Task { try await server.run() }
        let port = try #require(await server.boundPort())
        return (reloader, task, port)
    }

    @Test("A certificate from a new CA written into the directory is presented on the next connection")
    func rotationTakesEffectWithoutRestart() async throws {
        let directory = try CertificateDirectory()
        defer { directory.remove() }
        let first = try Self.certificates(), second = try Self.certificates()
        try directory.write(first)
        let running = try await Self.start(directory, interval: .milliseconds(50))
        #expect(try await Self.handshakeSucceeds(port: running.port, trusting: first.caPEM))
        #expect(try await Self.handshakeSucceeds(port: running.port, trusting: second.caPEM) == false)

        try directory.write(second)
        // The server's own check loop picks the files up; poll until it has. The deadline only
        // guards against a hang (each probe is a fresh TLS client, slow on a loaded machine).
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        var rotated = false
        while !rotated && ContinuousClock.now < deadline {
            rotated = try await Self.handshakeSucceeds(port: running.port, trusting: second.caPEM)
            if !rotated { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(rotated, "the rotated certificate was never presented")
        #expect(try await Self.handshakeSucceeds(port: running.port, trusting: first.caPEM) == false)
        #expect(running.reloader.reload() == .unchanged)

        // Stopping the server also stops the check loop: the task ends instead of hanging.
        running.task.cancel()
        _ = await running.task.result
    }

    @Test("Missing, half-written or mismatched files are rejected and the previous certificate keeps serving")
    func unusableRotationKeepsThePreviousCertificate() async throws {
        let directory = try CertificateDirectory()
        defer { directory.remove() }
        let first = try Self.certificates(), second = try Self.certificates()
        try directory.write(first)
        // An interval far beyond the test: only the explicit reload() calls below read the files.
        let running = try await Self.start(directory, interval: .seconds(3600))

        let halfKey = String(second.privateKeyPEM.prefix(second.privateKeyPEM.count / 2))
        let cases: [(String, () throws -> Void)] = [
            ("half-written key", { try directory.write(certificate: second.certificatePEM, key: halfKey) }),
            (
                "key of another certificate",
                { try directory.write(certificate: second.certificatePEM, key: first.privateKeyPEM) }
            ),
            ("certificate that is not PEM", { try directory.write(certificate: "garbage", key: second.privateKeyPEM) }),
            (
                "missing key",
                { try FileManager.default.removeItem(at: directory.url.appendingPathComponent("tls.key")) }
            ),
        ]
        for (name, damage) in cases {
            try damage()
            let outcome = running.reloader.reload()
            guard case .rejected(let reason) = outcome else {
                Issue.record("\(name): expected a rejection, got \(outcome)")
                continue
            }
            #expect(!reason.contains("\n"), "\(name): \(reason)")
            #expect(try await Self.handshakeSucceeds(port: running.port, trusting: first.caPEM), "\(name)")
            #expect(try await Self.handshakeSucceeds(port: running.port, trusting: second.caPEM) == false, "\(name)")
        }

        // Once the rotation is complete, it is taken.
        try directory.write(second)
        #expect(running.reloader.reload() == .replaced)
        #expect(try await Self.handshakeSucceeds(port: running.port, trusting: second.caPEM))
        running.task.cancel()
        _ = await running.task.result
    }

    @Test("A directory without a usable certificate fails at start, in one line")
    func startWithoutCertificate() throws {
        let directory = try CertificateDirectory()
        defer { directory.remove() }
        #expect {
            try CertificateReloader(directory: directory.url, logger: Self.quietLogger)
        } throws: { error in
            "\(error)" == "no webhook certificate in \(directory.url.path) (tls.crt, tls.key)"
        }
        let other = try Self.certificates(), mine = try Self.certificates()
        try directory.write(certificate: mine.certificatePEM, key: other.privateKeyPEM)
        #expect {
            try CertificateReloader(directory: directory.url, logger: Self.quietLogger)
        } throws: { error in
            "\(error)".hasPrefix("\(directory.url.path): the webhook private key does not belong to the certificate")
                && !"\(error)".contains("\n")
        }
    }
}
