import APIServerEmulator
import DrawbridgeAPI
import EmulatorServer
import Foundation
import Testing

/// `HTTPAdmissionWebhookCaller` against a real HTTPS webhook server: what it sends, what it trusts,
/// and the replies it refuses as kube-apiserver does.
@Suite("HTTPS admission webhook caller")
struct HTTPAdmissionWebhookCallerTests {
    static func review(uid: String = UUID().uuidString.lowercased()) -> JSONValue {
        [
            "apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
            "request": ["uid": .string(uid), "operation": "CREATE", "object": ["data": ["a": "1"]]],
        ]
    }

    /// Runs `body` with a webhook server and a caller, always shutting both down.
    static func withCaller(
        resolver: WebhookServiceResolver? = nil,
        _ body: (TestWebhookServer, HTTPAdmissionWebhookCaller) async throws -> Void
    ) async throws {
        let server = try await TestWebhookServer.start()
        let caller = HTTPAdmissionWebhookCaller(serviceResolver: resolver)
        do {
            try await body(server, caller)
        } catch {
            try? await caller.shutdown()
            await server.stop()
            throw error
        }
        try await caller.shutdown()
        await server.stop()
    }

    /// The error a call throws, or nil when it succeeds.
    static func failure(
        _ caller: HTTPAdmissionWebhookCaller, _ clientConfig: JSONValue, timeout: Duration = .seconds(5)
    ) async -> WebhookCallError? {
        do {
            _ = try await caller.call(clientConfig: clientConfig, review: review(), timeout: timeout)
            return nil
        } catch let error as WebhookCallError {
            return error
        } catch {
            return .configuration("unexpected error \(error)")
        }
    }

    @Test("A review is POSTed as JSON with the timeout in the query, and a reply echoing the uid is returned")
    func roundTrip() async throws {
        try await Self.withCaller { server, caller in
            let uid = "0d6f3c8e-review"
            let reply = try await caller.call(
                clientConfig: ["url": .string(server.url("/allow")), "caBundle": .string(server.caBundle)],
                review: Self.review(uid: uid), timeout: .seconds(7))
            #expect(reply[path: ["response", "uid"]]?.stringValue == uid)
            #expect(reply[path: ["response", "allowed"]]?.boolValue == true)
            let received = try #require(server.received.last)
            #expect(received.contentType == "application/json")
            #expect(received.query == "timeout=7s")
            #expect(received.request["uid"]?.stringValue == uid)
            _ = try await caller.call(
                clientConfig: ["url": .string(server.url("/allow")), "caBundle": .string(server.caBundle)],
                review: Self.review(), timeout: .seconds(90))
            #expect(server.received.last?.query == "timeout=30s", "timeoutSeconds is capped at 30 as in kube-apiserver")
        }
    }

    @Test("Non-200 answers, invalid JSON, a missing response and a mismatched uid are refused with clear errors")
    func badReplies() async throws {
        try await Self.withCaller { server, caller in
            func config(_ path: String) -> JSONValue {
                ["url": .string(server.url(path)), "caBundle": .string(server.caBundle)]
            }
            let status = await Self.failure(caller, config("/http-500"))
            #expect(
                status?.description.hasPrefix(
                    "failed to call webhook: Post \"\(server.url("/http-500"))?timeout=5s\": webhook answered HTTP 500")
                    == true, "\(String(describing: status))")
            let garbage = await Self.failure(caller, config("/garbage"))
            #expect(
                garbage?.description.hasPrefix("received invalid webhook response: the body is not valid JSON") == true,
                "\(String(describing: garbage))")
            let absent = await Self.failure(caller, config("/no-response"))
            #expect(absent == .invalidResponse("webhook response was absent"))
            let wrongUID = await Self.failure(caller, config("/wrong-uid"))
            #expect(wrongUID?.description.contains("expected response.uid=") == true, "\(String(describing: wrongUID))")
            #expect(wrongUID?.description.hasSuffix(#"got "not-the-request-uid""#) == true)
        }
    }

    @Test("Only the caBundle is trusted, only https is allowed, and a slow webhook hits the timeout")
    func trustAndTimeouts() async throws {
        try await Self.withCaller { server, caller in
            let other = try EmulatorCertificates.generate()
            let wrongCA = await Self.failure(
                caller,
                [
                    "url": .string(server.url("/allow")),
                    "caBundle": .string(Data(other.caPEM.utf8).base64EncodedString()),
                ])
            #expect(
                wrongCA?.description.hasSuffix(
                    "tls: failed to verify certificate: x509: certificate signed by unknown authority (check clientConfig.caBundle)"
                ) == true, "\(String(describing: wrongCA))")
            let refused = await Self.failure(
                caller, ["url": "https://127.0.0.1:1/x", "caBundle": .string(server.caBundle)])
            #expect(
                refused?.description
                    == #"failed to call webhook: Post "https://127.0.0.1:1/x?timeout=5s": dial tcp 127.0.0.1:1: connect: connection refused"#
            )
            let systemRoots = await Self.failure(caller, ["url": .string(server.url("/allow"))])
            #expect(systemRoots != nil, "a self-signed webhook is not trusted without its caBundle")
            let plain = await Self.failure(caller, ["url": "http://127.0.0.1:1/x"])
            #expect(plain?.description.contains("must use the https scheme") == true, "\(String(describing: plain))")
            let badBundle = await Self.failure(
                caller, ["url": .string(server.url("/allow")), "caBundle": "bm90IGEgY2VydA=="])
            #expect(badBundle?.description.contains("caBundle holds no") == true, "\(String(describing: badBundle))")
            // The deadline error (not a late answer) shows the 1 s timeout cut the 2 s webhook short;
            // tests never assert on elapsed time.
            let slow = await Self.failure(
                caller, ["url": .string(server.url("/slow")), "caBundle": .string(server.caBundle)],
                timeout: .seconds(1))
            #expect(
                slow?.description.hasSuffix("context deadline exceeded (timeout 1s)") == true,
                "\(String(describing: slow))")
        }
    }

    @Test("Service references fail clearly by default and reach the address a resolver maps them to")
    func serviceReferences() async throws {
        let service: JSONValue = [
            "service": ["namespace": "drawbridge-system", "name": "drawbridge-webhook", "path": "/allow"]
        ]
        try await Self.withCaller { _, caller in
            let unreachable = await Self.failure(caller, service)
            #expect(
                unreachable?.description.contains(
                    "service drawbridge-system/drawbridge-webhook:443/allow cannot be reached") == true,
                "\(String(describing: unreachable))")
        }
        let server = try await TestWebhookServer.start()
        let caller = HTTPAdmissionWebhookCaller(serviceResolver: WebhookServiceMap.localhost(port: server.port))
        var config = service
        config["caBundle"] = .string(server.caBundle)
        let reply = try? await caller.call(clientConfig: config, review: Self.review(uid: "svc"), timeout: .seconds(5))
        try await caller.shutdown()
        await server.stop()
        #expect(reply?[path: ["response", "uid"]]?.stringValue == "svc")
        #expect(server.received.last?.path == "/allow")
        let map = try WebhookServiceMap.parse(["drawbridge-system/drawbridge-webhook=https://127.0.0.1:9443/"])
        let url = try map.resolver(
            WebhookServiceReference(namespace: "drawbridge-system", name: "drawbridge-webhook", path: "/mutate"))
        #expect(url.absoluteString == "https://127.0.0.1:9443/mutate")
        #expect(throws: WebhookCallError.self) {
            try map.resolver(WebhookServiceReference(namespace: "other", name: "svc"))
        }
        #expect(throws: WebhookCallError.self) { try WebhookServiceMap.parse(["no-slash=https://x"]) }
        #expect(throws: WebhookCallError.self) { try WebhookServiceMap.parse(["ns/name=http://127.0.0.1:9443"]) }
    }
}
