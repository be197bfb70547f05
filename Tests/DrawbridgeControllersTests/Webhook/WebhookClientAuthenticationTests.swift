import DrawbridgeAPI
import DrawbridgeControllers
import EmulatorServer
import Foundation
import Logging
import Testing

/// `--webhook-client-ca`: with a client CA, the webhook answers only callers presenting a client
/// certificate it verifies, so nobody but the API server can have it stamp and sign identities. The
/// emulator's webhook caller presents one the way kube-apiserver's admission configuration does.
@Suite("Webhook client authentication (mTLS)")
struct WebhookClientAuthenticationTests {
    typealias F = AdmissionFixtures

    /// A webhook server requiring client certificates from `clientCA` (none when nil), on a free port.
    struct Running {
        let task: Task<Void, any Error>
        let port: Int
        let serving: WebhookCertificates

        var clientConfig: JSONValue {
            [
                "url": .string("https://127.0.0.1:\(port)\(WebhookServer.mutatePath)"),
                "caBundle": .string(serving.caBundle),
            ]
        }

        func stop() async {
            task.cancel()
            _ = await task.result
        }
    }

    static func start(clientCA: ClientCertificateAuthority?) async throws -> Running {
        let serving = try WebhookServer.selfSigned(hosts: ["127.0.0.1", "localhost"])
        let server = try WebhookServer(
            host: "127.0.0.1", port: 0, certificates: serving, clientCA: clientCA, admission: F.admission,
            now: { F.now }, logger: CertificateRotationTests.quietLogger)
        let task = Task { try await server.run() }
        let port = try #require(await server.boundPort())
        return Running(task: task, port: port, serving: serving)
    }

    /// The mallory-to-alice create review an attacker would post, answered through a caller presenting
    /// `identity` (nothing when nil): the reply, or the error the call failed with.
    static func call(_ running: Running, presenting identity: WebhookCertificates?) async throws -> Result<
        AdmissionResponse, any Error
    > {
        let caller = HTTPAdmissionWebhookCaller(
            clientIdentity: try identity.map {
                try WebhookClientIdentity(certificatePEM: $0.certificatePEM, privateKeyPEM: $0.privateKeyPEM)
            })
        let result: Result<AdmissionResponse, any Error>
        do {
            let reply = try await caller.call(
                clientConfig: running.clientConfig, review: WebhookServerTests.createReview(uid: "mtls"),
                timeout: .seconds(10))
            result = .success(try (reply["response"] ?? .null).decode(as: AdmissionResponse.self))
        } catch {
            result = .failure(error)
        }
        try await caller.shutdown()
        return result
    }

    /// The webhook refused the certificate presented, as kube-apiserver would report it.
    static func expectUnknownCertificate(
        _ result: Result<AdmissionResponse, any Error>, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard case .failure(let error) = result else {
            Issue.record("the caller got an answer: \(result)", sourceLocation: sourceLocation)
            return
        }
        #expect(
            "\(error)".hasSuffix(": remote error: tls: unknown certificate"), "\(error)", sourceLocation: sourceLocation
        )
    }

    static func clientCA(_ identity: WebhookCertificates) throws -> ClientCertificateAuthority {
        try ClientCertificateAuthority(pem: Array(identity.caPEM.utf8), logger: CertificateRotationTests.quietLogger)
    }

    @Test("With mTLS on, a call without a client certificate is refused in the TLS handshake")
    func noCertificateRefused() async throws {
        let apiServer = try WebhookCertificates.selfSignedClient()
        let running = try await Self.start(clientCA: try Self.clientCA(apiServer))
        let result = try await Self.call(running, presenting: nil)
        await running.stop()
        guard case .failure(let error) = result else {
            Issue.record("an unauthenticated caller got an answer: \(result)")
            return
        }
        #expect(
            "\(error)"
                == "failed to call webhook: Post \"https://127.0.0.1:\(running.port)\(WebhookServer.mutatePath)?timeout=10s\": remote error: tls: certificate required"
        )
    }

    @Test("With mTLS on, a client certificate from another CA is refused")
    func otherCARefused() async throws {
        let apiServer = try WebhookCertificates.selfSignedClient()
        let stranger = try WebhookCertificates.selfSignedClient(name: "kube-apiserver")
        let running = try await Self.start(clientCA: try Self.clientCA(apiServer))
        let result = try await Self.call(running, presenting: stranger)
        await running.stop()
        Self.expectUnknownCertificate(result)
    }

    @Test("With mTLS on, the API server's client certificate gets the answer")
    func authenticatedCallPasses() async throws {
        let apiServer = try WebhookCertificates.selfSignedClient()
        let running = try await Self.start(clientCA: try Self.clientCA(apiServer))
        let result = try await Self.call(running, presenting: apiServer)
        await running.stop()
        let response = try result.get()
        #expect(response.uid == "mtls" && response.allowed && response.patchType == "JSONPatch")
    }

    @Test("Without a client CA, a caller without a certificate is answered, as before")
    func withoutClientCA() async throws {
        let running = try await Self.start(clientCA: nil)
        let result = try await Self.call(running, presenting: nil)
        await running.stop()
        #expect(try result.get().allowed)
    }

    @Test("A serving certificate signed by the client CA is not a client certificate, and is refused")
    func servingCertificateRefused() async throws {
        // The CA signed a certificate for server authentication only (extended key usage serverAuth).
        let serverOnly = try WebhookCertificates.selfSigned(hosts: ["kube-apiserver"])
        let running = try await Self.start(clientCA: try Self.clientCA(serverOnly))
        let result = try await Self.call(running, presenting: serverOnly)
        await running.stop()
        Self.expectUnknownCertificate(result)
    }

    @Test("An expired client certificate from the right CA is refused")
    func expiredRefused() async throws {
        let twoYearsAgo = Date().addingTimeInterval(-2 * 365 * 24 * 3600)
        let expired = try WebhookCertificates.selfSignedClient(now: twoYearsAgo)
        let running = try await Self.start(clientCA: try Self.clientCA(expired))
        let result = try await Self.call(running, presenting: expired)
        await running.stop()
        Self.expectUnknownCertificate(result)
    }
}
