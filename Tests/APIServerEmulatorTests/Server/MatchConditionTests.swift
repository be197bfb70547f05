import DrawbridgeAPI
import Foundation
import Synchronization
import Testing

@testable import APIServerEmulator

/// Webhook `matchConditions` in the emulator: which requests reach a webhook, what an evaluation
/// error does under each failurePolicy, and which configurations are refused when written.
@Suite("Webhook match conditions")
struct MatchConditionTests {
    /// Records every AdmissionReview it is sent and answers with `allowed`.
    final class RecordingWebhook: AdmissionWebhookCaller {
        let allowed: Bool
        private let seen = Mutex<[JSONValue]>([])

        init(allowed: Bool) { self.allowed = allowed }

        var requests: [JSONValue] { seen.withLock { $0 } }

        func call(clientConfig: JSONValue, review: JSONValue, timeout: Duration) async throws -> JSONValue {
            let request = review["request"] ?? .null
            seen.withLock { $0.append(request) }
            var response: [String: JSONValue] = ["uid": request["uid"] ?? "", "allowed": .bool(allowed)]
            if !allowed { response["status"] = ["code": 403, "message": "no configmaps today"] }
            return ["apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "response": .object(response)]
        }
    }

    static let validatingPath = "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations"

    /// A ValidatingWebhookConfiguration with one webhook on ConfigMap creates and these conditions.
    static func configuration(
        _ conditions: [(String, String)], failurePolicy: String = "Fail", name: String = "conditions"
    ) -> JSONValue {
        [
            "apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingWebhookConfiguration",
            "metadata": ["name": .string(name)],
            "webhooks": [
                [
                    "name": "check.test.drawbridge.dev", "clientConfig": ["url": "https://127.0.0.1:1/check"],
                    "rules": [
                        [
                            "apiGroups": [""], "apiVersions": ["v1"], "operations": ["CREATE"],
                            "resources": ["configmaps"],
                        ]
                    ],
                    "failurePolicy": .string(failurePolicy), "sideEffects": "None", "admissionReviewVersions": ["v1"],
                    "matchConditions": .array(
                        conditions.map { ["name": .string($0.0), "expression": .string($0.1)] }),
                ]
            ],
        ]
    }

    /// A server whose webhooks are `webhook`, where alice and bob may edit the default namespace.
    static func server(_ webhook: RecordingWebhook) async throws -> APIServer {
        let server = APIServer(
            options: .init(authenticator: .demo(tokenSuffix: EmulatorClient.suffix), webhookCaller: webhook))
        let binding: JSONValue = [
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
            "metadata": ["name": "editors", "namespace": "default"],
            "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "edit"],
            "subjects": [
                ["apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "alice"],
                ["apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "bob"],
            ],
        ]
        let (status, body) = try await EmulatorClient(server).call(
            "POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings", body: binding)
        #expect(status == 201, "\(body)")
        return server
    }

    static func register(_ server: APIServer, _ configuration: JSONValue) async throws {
        let (status, body) = try await EmulatorClient(server).call("POST", validatingPath, body: configuration)
        #expect(status == 201, "\(body)")
    }

    static func create(_ server: APIServer, _ name: String, as user: String = "admin", labels: JSONValue? = nil)
        async throws -> (Int, JSONValue)
    {
        var object = EmulatorClient.configMap(name)
        if let labels { object[path: ["metadata", "labels"]] = labels }
        return try await EmulatorClient(server, as: user).call(
            "POST", "/api/v1/namespaces/default/configmaps", body: object)
    }

    @Test("A webhook whose condition excludes a user is skipped for that user and still called for others")
    func skipsExcludedUser() async throws {
        let webhook = RecordingWebhook(allowed: false)
        let server = try await Self.server(webhook)
        try await Self.register(server, Self.configuration([("not-bob", "request.userInfo.username != 'bob'")]))

        let (aliceStatus, aliceBody) = try await Self.create(server, "from-alice", as: "alice")
        #expect(aliceStatus == 403, "the webhook was called and denied alice")
        #expect(
            aliceBody["message"]?.stringValue
                == "admission webhook \"check.test.drawbridge.dev\" denied the request: no configmaps today")
        let (bobStatus, bobBody) = try await Self.create(server, "from-bob", as: "bob")
        #expect(bobStatus == 201, "a false condition skips the webhook, as if it allowed: \(bobBody)")
        #expect(webhook.requests.compactMap { $0[path: ["userInfo", "username"]]?.stringValue } == ["alice"])
    }

    @Test("Conditions see the object being sent, the request's namespace, groups and operation, and oldObject null")
    func conditionsSeeTheRequest() async throws {
        let webhook = RecordingWebhook(allowed: true)
        let server = try await Self.server(webhook)
        try await Self.register(
            server,
            Self.configuration([
                ("labelled", "has(object.metadata.labels) && object.metadata.labels['team'] == 'payments'"),
                ("in-default", "request.namespace == 'default' && 'system:authenticated' in request.userInfo.groups"),
                ("creates", "request.operation == 'CREATE' && oldObject == null"),
            ]))
        _ = try await Self.create(server, "unlabelled")
        _ = try await Self.create(server, "other-team", labels: ["team": "search"])
        _ = try await Self.create(server, "payments", labels: ["team": "payments"])
        #expect(webhook.requests.compactMap { $0["name"]?.stringValue } == ["payments"])
    }

    @Test("An evaluation error refuses the request under failurePolicy Fail, without calling the webhook")
    func errorUnderFail() async throws {
        let webhook = RecordingWebhook(allowed: true)
        let server = try await Self.server(webhook)
        try await Self.register(
            server, Self.configuration([("team", "object.metadata.labels['team'] == 'payments'")]))
        let (status, body) = try await Self.create(server, "plain")
        #expect(status == 403)
        #expect(body["reason"]?.stringValue == "Forbidden")
        #expect(
            body["message"]?.stringValue
                == "configmaps \"plain\" is forbidden: expression 'object.metadata.labels['team'] == 'payments'' resulted in error: no such key: labels"
        )
        #expect(webhook.requests.isEmpty)
        #expect(try await Self.create(server, "labelled", labels: ["team": "payments"]).0 == 201)
        #expect(webhook.requests.count == 1)
    }

    @Test("An evaluation error skips the webhook under failurePolicy Ignore")
    func errorUnderIgnore() async throws {
        let webhook = RecordingWebhook(allowed: false)
        let server = try await Self.server(webhook)
        try await Self.register(
            server,
            Self.configuration(
                [("team", "object.metadata.labels['team'] == 'payments'")], failurePolicy: "Ignore"))
        let (status, body) = try await Self.create(server, "plain")
        #expect(status == 201, "\(body)")
        #expect(webhook.requests.isEmpty)
    }

    @Test("A false condition skips the webhook even when another condition fails to evaluate")
    func falseWinsOverError() async throws {
        let webhook = RecordingWebhook(allowed: false)
        let server = try await Self.server(webhook)
        try await Self.register(
            server,
            Self.configuration([
                ("broken", "object.spec.enabled == true"), ("never", "request.userInfo.username == 'nobody'"),
            ]))
        #expect(try await Self.create(server, "skipped").0 == 201)
        #expect(webhook.requests.isEmpty)
    }

    @Test("Expressions are compiled when the configuration is written, not for every request")
    func compiledOnce() async throws {
        let webhook = RecordingWebhook(allowed: true)
        let server = try await Self.server(webhook)
        try await Self.register(
            server,
            Self.configuration([
                ("a", "request.userInfo.username != 'bob'"), ("b", "request.namespace == 'default'"),
            ]))
        #expect(server.matchConditionPrograms.compilations == 2)
        for index in 0..<10 { _ = try await Self.create(server, "cm-\(index)") }
        #expect(webhook.requests.count == 10)
        #expect(server.matchConditionPrograms.compilations == 2)
    }
}
