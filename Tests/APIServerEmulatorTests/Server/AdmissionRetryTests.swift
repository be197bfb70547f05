import APIServerEmulator
import DrawbridgeAPI
import Foundation
import Testing

/// A webhook implemented by a closure, so admission is tested without a network.
struct ClosureWebhookCaller: AdmissionWebhookCaller {
    let handler: @Sendable (JSONValue) async throws -> JSONValue

    func call(clientConfig: JSONValue, review: JSONValue, timeout: Duration) async throws -> JSONValue {
        let uid = review[path: ["request", "uid"]] ?? ""
        let response = try await handler(review)
        var merged = response.objectValue ?? [:]
        merged["uid"] = uid
        return ["apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "response": .object(merged)]
    }
}

/// Racing writes and admission: kube-apiserver re-applies a patch to the latest object and re-runs
/// admission until it commits, so concurrent reviews recorded by a mutating webhook all land.
struct AdmissionRetryTests {
    /// Moves the `review` annotation to `reviewed-<value>`, after a short, varying delay so that
    /// requests overlap while the webhook "thinks".
    static let reviewer = ClosureWebhookCaller { review in
        guard let value = review[path: ["request", "object", "metadata", "annotations", "review"]]?.stringValue else {
            return ["allowed": true]
        }
        try await Task.sleep(for: .milliseconds(Int.random(in: 1...4)))
        let operations: JSONValue = [
            ["op": "add", "path": .string("/metadata/annotations/reviewed-\(value)"), "value": "yes"],
            ["op": "remove", "path": "/metadata/annotations/review"],
        ]
        return [
            "allowed": true, "patchType": "JSONPatch",
            "patch": .string(Data(JSONWire.encode(operations)).base64EncodedString()),
        ]
    }

    static let configuration: JSONValue = [
        "apiVersion": "admissionregistration.k8s.io/v1", "kind": "MutatingWebhookConfiguration",
        "metadata": ["name": "reviews"],
        "webhooks": [
            [
                "name": "review.test.drawbridge.dev", "clientConfig": ["url": "https://127.0.0.1:1/review"],
                "rules": [
                    ["apiGroups": [""], "apiVersions": ["v1"], "operations": ["UPDATE"], "resources": ["configmaps"]]
                ],
                "failurePolicy": "Fail", "sideEffects": "None", "admissionReviewVersions": ["v1"],
            ]
        ],
    ]

    @Test("Forty concurrent merge patches whose webhook records each one all land")
    func concurrentPatchesAllLand() async throws {
        let server = APIServer(
            options: .init(authenticator: .demo(tokenSuffix: EmulatorClient.suffix), webhookCaller: Self.reviewer))
        let client = EmulatorClient(server)
        let (registered, _) = try await client.call(
            "POST", "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations", body: Self.configuration)
        #expect(registered == 201)
        let (created, _) = try await client.call(
            "POST", "/api/v1/namespaces/default/configmaps", body: EmulatorClient.configMap("reviews"))
        #expect(created == 201)
        let statuses = await withTaskGroup(of: Int.self) { group in
            for index in 0..<40 {
                group.addTask {
                    let patch: JSONValue = ["metadata": ["annotations": ["review": .string("\(index)")]]]
                    return await client.request(
                        "PATCH", "/api/v1/namespaces/default/configmaps/reviews", body: patch,
                        contentType: "application/merge-patch+json"
                    ).status
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.allSatisfy { $0 == 200 }, "\(statuses.sorted())")
        let (_, object) = try await client.call("GET", "/api/v1/namespaces/default/configmaps/reviews")
        let annotations = object[path: ["metadata", "annotations"]]?.objectValue ?? [:]
        #expect(Set(annotations.keys) == Set((0..<40).map { "reviewed-\($0)" }), "\(annotations.keys.sorted())")
    }

    @Test("Concurrent updates without a resourceVersion are re-admitted and committed instead of answering 409")
    func unconditionalUpdatesCommit() async throws {
        let server = APIServer(
            options: .init(authenticator: .demo(tokenSuffix: EmulatorClient.suffix), webhookCaller: Self.reviewer))
        let client = EmulatorClient(server)
        _ = try await client.call(
            "POST", "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations", body: Self.configuration)
        _ = try await client.call(
            "POST", "/api/v1/namespaces/default/configmaps", body: EmulatorClient.configMap("replaced"))
        let statuses = await withTaskGroup(of: Int.self) { group in
            for index in 0..<20 {
                group.addTask {
                    var object = EmulatorClient.configMap("replaced")
                    object[path: ["metadata", "annotations"]] = ["review": .string("\(index)")]
                    return await client.request("PUT", "/api/v1/namespaces/default/configmaps/replaced", body: object)
                        .status
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.allSatisfy { $0 == 200 }, "\(statuses.sorted())")
        let (_, object) = try await client.call("GET", "/api/v1/namespaces/default/configmaps/replaced")
        let annotations = object[path: ["metadata", "annotations"]]?.objectValue ?? [:]
        #expect(
            annotations.count == 1 && annotations.keys.allSatisfy { $0.hasPrefix("reviewed-") },
            "the last writer wins, admitted")
    }
}
