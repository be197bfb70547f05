import APIServerEmulator
import DrawbridgeAPI
import Foundation
import Synchronization
import Testing

/// What admission sees on create, as kube-apiserver orders it: the create handler runs mutating
/// admission on the object as sent, and only then does the registry (`rest.BeforeCreate`) generate
/// a name from `generateName` and fill in the uid and creation time; validating admission runs
/// after that and sees them. Drawbridge's requester signature depends on this (it covers the name).
struct AdmissionCreateOrderTests {
    /// Every review received, by webhook URL.
    final class Seen: Sendable {
        let reviews = Mutex<[(url: String, request: JSONValue)]>([])
        func objects(at url: String) -> [JSONValue] {
            reviews.withLock { $0.filter { $0.url == url }.map { $0.request } }
        }
    }

    static func configuration(kind: String, url: String) -> JSONValue {
        [
            "apiVersion": "admissionregistration.k8s.io/v1", "kind": .string(kind),
            "metadata": ["name": "observer"],
            "webhooks": [
                [
                    "name": "observe.test.drawbridge.dev", "clientConfig": ["url": .string(url)],
                    "rules": [
                        [
                            "apiGroups": [""], "apiVersions": ["v1"], "operations": ["CREATE"],
                            "resources": ["configmaps"],
                        ]
                    ],
                    "failurePolicy": "Fail", "sideEffects": "None", "admissionReviewVersions": ["v1"],
                ]
            ],
        ]
    }

    struct Recorder: AdmissionWebhookCaller {
        let seen: Seen
        func call(clientConfig: JSONValue, review: JSONValue, timeout: Duration) async throws -> JSONValue {
            let url = clientConfig["url"]?.stringValue ?? ""
            seen.reviews.withLock { $0.append((url, review["request"] ?? .null)) }
            let uid = review[path: ["request", "uid"]] ?? ""
            return [
                "apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
                "response": ["uid": uid, "allowed": true],
            ]
        }
    }

    @Test("Mutating admission sees no name and no uid for a generateName create; validating admission sees both")
    func generateName() async throws {
        let seen = Seen()
        let server = APIServer(
            options: .init(
                authenticator: .demo(tokenSuffix: EmulatorClient.suffix), webhookCaller: Recorder(seen: seen)))
        let client = EmulatorClient(server)
        for (kind, plural, url) in [
            ("MutatingWebhookConfiguration", "mutatingwebhookconfigurations", "https://mutating.invalid"),
            ("ValidatingWebhookConfiguration", "validatingwebhookconfigurations", "https://validating.invalid"),
        ] {
            let (status, _) = try await client.call(
                "POST", "/apis/admissionregistration.k8s.io/v1/\(plural)",
                body: Self.configuration(kind: kind, url: url))
            #expect(status == 201)
        }
        let body: JSONValue = [
            "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["generateName": "observed-"], "data": ["a": "b"],
        ]
        let (status, created) = try await client.call("POST", "/api/v1/namespaces/default/configmaps", body: body)
        #expect(status == 201)
        let name = try #require(created[path: ["metadata", "name"]]?.stringValue)
        #expect(name.hasPrefix("observed-") && name.count == "observed-".count + 5)

        let mutating = try #require(seen.objects(at: "https://mutating.invalid").first)
        #expect(mutating["name"] == "")
        #expect(mutating[path: ["object", "metadata", "name"]] == nil)
        #expect(mutating[path: ["object", "metadata", "generateName"]] == "observed-")
        #expect(mutating[path: ["object", "metadata", "uid"]] == nil)
        #expect(mutating[path: ["object", "metadata", "creationTimestamp"]] == nil)

        let validating = try #require(seen.objects(at: "https://validating.invalid").first)
        #expect(validating["name"] == .string(name))
        #expect(validating[path: ["object", "metadata", "name"]] == .string(name))
        #expect(validating[path: ["object", "metadata", "uid"]] == created[path: ["metadata", "uid"]])
        #expect(validating[path: ["object", "metadata", "creationTimestamp"]] != nil)
    }

    @Test("A uid or name a mutating webhook writes on create is replaced by the registry's")
    func systemFieldsAreTheRegistrys() async throws {
        let writer = ClosureWebhookCaller { _ in
            let operations: JSONValue = [
                ["op": "add", "path": "/metadata/uid", "value": "chosen-by-webhook"],
                ["op": "add", "path": "/metadata/creationTimestamp", "value": "2001-01-01T00:00:00Z"],
            ]
            return [
                "allowed": true, "patchType": "JSONPatch",
                "patch": .string(Data(JSONWire.encode(operations)).base64EncodedString()),
            ]
        }
        let server = APIServer(
            options: .init(authenticator: .demo(tokenSuffix: EmulatorClient.suffix), webhookCaller: writer))
        let client = EmulatorClient(server)
        let (registered, _) = try await client.call(
            "POST", "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations",
            body: Self.configuration(kind: "MutatingWebhookConfiguration", url: "https://mutating.invalid"))
        #expect(registered == 201)
        let (status, created) = try await client.call(
            "POST", "/api/v1/namespaces/default/configmaps", body: EmulatorClient.configMap("named"))
        #expect(status == 201)
        #expect(created[path: ["metadata", "uid"]] != "chosen-by-webhook")
        #expect(created[path: ["metadata", "creationTimestamp"]] != "2001-01-01T00:00:00Z")
    }
}
