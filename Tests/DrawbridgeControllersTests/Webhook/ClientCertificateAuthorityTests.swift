import DrawbridgeControllers
import Foundation
import Testing

/// The `--webhook-client-ca` file: read at start with one-line errors, and re-read while serving, so a
/// rotated CA is trusted without a restart and an unusable file keeps the previous one.
@Suite("Webhook client CA file")
struct ClientCertificateAuthorityTests {
    typealias Client = WebhookClientAuthenticationTests

    /// A temporary file, removed by `remove()`.
    struct CAFile {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("drawbridge-client-ca-\(UUID()).pem")

        func write(_ text: String) throws { try Data(text.utf8).write(to: url, options: .atomic) }
        func remove() { try? FileManager.default.removeItem(at: url) }
    }

    @Test("A missing file, or one without a certificate, fails at start with a one-line error")
    func startErrors() throws {
        let file = CAFile()
        let missing = #expect(throws: WebhookServerError.self) { try ClientCertificateAuthority(file: file.url) }
        #expect(missing?.description == "cannot read the webhook client CA \(file.url.path)")
        try file.write("not a certificate\n")
        defer { file.remove() }
        let empty = #expect(throws: WebhookServerError.self) { try ClientCertificateAuthority(file: file.url) }
        #expect(
            empty?.description
                == "\(file.url.path): the webhook client CA is not a valid PEM certificate bundle (failedToLoadCertificate)"
        )
    }

    @Test("A CA written into the file is trusted from the next handshake on, and the previous one no longer")
    func rotation() async throws {
        let first = try WebhookCertificates.selfSignedClient()
        let second = try WebhookCertificates.selfSignedClient()
        let file = CAFile()
        try file.write(first.caPEM)
        defer { file.remove() }
        let authority = try ClientCertificateAuthority(
            file: file.url, interval: .seconds(3600), logger: CertificateRotationTests.quietLogger)
        let running = try await Client.start(clientCA: authority)

        #expect(try await Self.accepted(running, first))
        #expect(try await !Self.accepted(running, second))

        try file.write(second.caPEM)
        #expect(authority.reload() == .replaced)
        #expect(authority.reload() == .unchanged)
        #expect(try await Self.accepted(running, second))
        #expect(try await !Self.accepted(running, first))

        try file.write("-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n")
        guard case .rejected = authority.reload() else {
            Issue.record("an unusable CA file was not rejected")
            await running.stop()
            return
        }
        #expect(try await Self.accepted(running, second))
        await running.stop()
    }

    /// Whether a caller presenting `identity` gets an allowed answer from `running`.
    static func accepted(_ running: Client.Running, _ identity: WebhookCertificates) async throws -> Bool {
        guard case .success(let response) = try await Client.call(running, presenting: identity) else { return false }
        return response.allowed
    }
}
