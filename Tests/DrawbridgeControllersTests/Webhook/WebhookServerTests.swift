import AsyncHTTPClient
import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeTesting
import EmulatorServer
import Foundation
import KubeClient
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOSSL
import Testing

/// The webhook over real HTTPS with a self-signed CA, called the way the emulator (and
/// kube-apiserver) call it.
@Suite("Admission webhook server over HTTPS")
struct WebhookServerTests {
    typealias F = AdmissionFixtures

    /// A running server on a free port, stopped by `stop()`.
    struct Running {
        var server: WebhookServer
        var task: Task<Void, any Error>
        var port: Int
        var certificates: WebhookCertificates

        var url: String { "https://127.0.0.1:\(port)\(WebhookServer.mutatePath)" }
        var clientConfig: JSONValue { ["url": .string(url), "caBundle": .string(certificates.caBundle)] }

        func stop() async {
            task.cancel()
            _ = await task.result
        }
    }

    static func start(now: @escaping @Sendable () -> Date = { F.now }) async throws -> Running {
        let certificates = try WebhookServer.selfSigned(hosts: ["127.0.0.1", "localhost"])
        var logger = Logger(label: "test-webhook")
        // Hummingbird logs connections cancelled at shutdown as errors; they are expected here.
        logger.logLevel = .critical
        let server = try WebhookServer(
            host: "127.0.0.1", port: 0, certificates: certificates, admission: F.admission, now: now, logger: logger)
        let task = Task { try await server.run() }
        let port = try #require(await server.boundPort())
        return Running(server: server, task: task, port: port, certificates: certificates)
    }

    static func createReview(uid: String) -> JSONValue {
        [
            "apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
            "request": [
                "uid": .string(uid),
                "kind": ["group": "drawbridge.dev", "version": "v1alpha1", "kind": "AccessRequest"],
                "resource": ["group": "drawbridge.dev", "version": "v1alpha1", "resource": "accessrequests"],
                "operation": "CREATE", "userInfo": ["username": "alice", "uid": "uid-alice", "groups": ["developers"]],
                "object": F.accessRequest(requester: ["username": "mallory"]),
            ],
        ]
    }

    @Test("A CREATE posted over HTTPS gets the requester patch, trusted through the caBundle")
    func createOverHTTPS() async throws {
        let running = try await Self.start()
        let caller = HTTPAdmissionWebhookCaller()
        do {
            let reply = try await caller.call(
                clientConfig: running.clientConfig, review: Self.createReview(uid: "https-1"), timeout: .seconds(5))
            let response = try (reply["response"] ?? .null).decode(as: AdmissionResponse.self)
            #expect(response.uid == "https-1")
            #expect(response.allowed)
            #expect(response.patchType == "JSONPatch")
            #expect(
                response.patchOperations == [
                    [
                        "op": "add", "path": "/spec/requester",
                        "value": ["username": "alice", "uid": "uid-alice", "groups": ["developers"]],
                    ],
                    ["op": "add", "path": "/metadata/finalizers", "value": ["drawbridge.dev/revoke-grant"]],
                ])
        } catch {
            Issue.record(error)
        }
        try await caller.shutdown()
        await running.stop()
    }

    @Test("The emulator stores the requester stamped by the HTTPS webhook, and the server stops on cancellation")
    func emulatorThroughHTTPS() async throws {
        let clock = ManualClock()
        let running = try await Self.start(now: { clock.date })
        let caller = HTTPAdmissionWebhookCaller()
        do {
            let harness = try await EmulatorHarness(clock: clock, webhookCaller: caller)
            try await harness.registerAdmissionWebhook(
                baseURL: "https://127.0.0.1:\(running.port)", caBundlePEM: running.certificates.caPEM)
            try await harness.apply(yaml: AdmissionThroughEmulatorTests.reviewerRBAC)
            let forged = AccessRequest.fixture(name: "alice-edit", namespace: "demo", requester: "bob", groups: ["sre"])
            let created = try await harness.client("alice").create(
                AccessRequest(metadata: ObjectMeta(name: "alice-edit", namespace: "demo"), spec: forged.spec))
            #expect(
                created.spec.requester
                    == UserIdentity(
                        username: "alice", uid: "uid-alice", groups: ["developers", "system:authenticated"]))
        } catch {
            Issue.record(error)
        }
        try await caller.shutdown()
        await running.stop()
        // Once stopped, the port refuses connections: the call fails instead of hanging.
        let after = HTTPAdmissionWebhookCaller()
        await #expect(throws: WebhookCallError.self) {
            try await after.call(
                clientConfig: running.clientConfig, review: Self.createReview(uid: "late"), timeout: .seconds(2))
        }
        try await after.shutdown()
    }

    @Test("The health endpoint answers, and a body that is not JSON is a 400 denial rather than a crash")
    func healthAndGarbage() async throws {
        let running = try await Self.start()
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(running.certificates.caPEM.utf8)))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        do {
            let health = try await client.execute(
                HTTPClientRequest(url: "https://127.0.0.1:\(running.port)\(WebhookServer.healthPath)"),
                timeout: .seconds(5))
            #expect(health.status == .ok)
            #expect(String(buffer: try await health.body.collect(upTo: 1024)) == "ok")

            var garbage = HTTPClientRequest(url: running.url)
            garbage.method = .POST
            garbage.headers.add(name: "Content-Type", value: "application/json")
            garbage.body = .bytes(ByteBuffer(string: "not json"))
            let answer = try await client.execute(garbage, timeout: .seconds(5))
            #expect(answer.status == .ok)
            let body = try await answer.body.collect(upTo: 64 * 1024)
            let review = try JSONCoding.decoder.decode(AdmissionReview.self, from: Data(buffer: body))
            #expect(
                review.response
                    == AdmissionResponse(
                        uid: "", allowed: false,
                        status: .init(code: 400, message: "the request body is not JSON", reason: "BadRequest")))
        } catch {
            Issue.record(error)
        }
        try await client.shutdown()
        await running.stop()
    }
}
