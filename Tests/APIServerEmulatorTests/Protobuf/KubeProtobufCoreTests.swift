import DrawbridgeAPI
import Testing
@testable import APIServerEmulator

@Suite("Protobuf decoding of core/v1 kinds and ObjectMeta")
struct KubeProtobufCoreTests {
    private func decode(_ kind: String, apiVersion: String = "v1", _ build: (inout ProtobufWriter) -> Void) throws
        -> JSONValue
    {
        try KubeProtobuf.decode(
            ProtobufFixtures.body(apiVersion: apiVersion, kind: kind, raw: ProtobufWriter.message(build)))
    }

    @Test("ObjectMeta decodes every supported field, with times in RFC 3339 and gogo's empty scalars dropped")
    func fullObjectMeta() throws {
        let decoded = try decode("ConfigMap") { object in
            object.message(1) { meta in
                meta.string(1, "cm")
                meta.string(2, "")
                meta.string(3, "team-a")
                meta.string(4, "")
                meta.string(5, "1b4e28ba-2fa1-11d2-883f-0016d3cca427")
                meta.string(6, "42")
                meta.int(7, 3)
                meta.time(8, seconds: 1_700_000_000, nanos: 999_999_999)
                meta.time(9, seconds: 1_700_000_060)
                meta.int(10, 0)
                meta.mapEntry(11, "app", "web")
                meta.mapEntry(11, "tier", "")
                meta.mapEntry(12, "note", "hello: world")
                meta.message(13) { owner in
                    owner.string(1, "Deployment")
                    owner.string(3, "web")
                    owner.string(4, "uid-1")
                    owner.string(5, "apps/v1")
                    owner.bool(6, true)
                    owner.bool(7, false)
                }
                meta.string(14, "example.com/cleanup")
                meta.string(14, "kubernetes")
            }
        }
        #expect(
            decoded
                == (try ProtobufFixtures.json(
                    """
                    {"apiVersion":"v1","kind":"ConfigMap","metadata":{
                      "name":"cm","namespace":"team-a","uid":"1b4e28ba-2fa1-11d2-883f-0016d3cca427","resourceVersion":"42",
                      "generation":3,"creationTimestamp":"2023-11-14T22:13:20Z","deletionTimestamp":"2023-11-14T22:14:20Z",
                      "deletionGracePeriodSeconds":0,
                      "labels":{"app":"web","tier":""},"annotations":{"note":"hello: world"},
                      "ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"web","uid":"uid-1",
                                          "controller":true,"blockOwnerDeletion":false}],
                      "finalizers":["example.com/cleanup","kubernetes"]}}
                    """)))
    }

    @Test("A Namespace keeps its spec finalizers and status phase")
    func namespace() throws {
        let decoded = try decode("Namespace") { namespace in
            namespace.message(1, ProtobufFixtures.minimalMeta("team-b"))
            namespace.message(2) { $0.string(1, "kubernetes") }
            namespace.message(3) { $0.string(1, "Active") }
        }
        #expect(
            decoded
                == (try ProtobufFixtures.json(
                    """
                    {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-b"},
                     "spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}}
                    """)))
    }

    @Test("A ConfigMap keeps data verbatim, base64-encodes binaryData and keeps an explicit immutable false")
    func configMap() throws {
        let decoded = try decode("ConfigMap") { configMap in
            configMap.message(1, ProtobufFixtures.minimalMeta("settings", namespace: "team-a"))
            configMap.mapEntry(2, "mode", "fast")
            configMap.mapEntry(2, "empty", "")
            configMap.mapEntry(3, "blob", bytes: [0x00, 0xFF, 0x10])
            configMap.bool(4, false)
        }
        #expect(
            decoded
                == (try ProtobufFixtures.json(
                    """
                    {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","namespace":"team-a"},
                     "data":{"mode":"fast","empty":""},"binaryData":{"blob":"AP8Q"},"immutable":false}
                    """)))
    }

    @Test("A repeated map key keeps the last value")
    func repeatedMapKey() throws {
        let decoded = try decode("ConfigMap") { configMap in
            configMap.mapEntry(2, "k", "first")
            configMap.mapEntry(2, "k", "second")
        }
        #expect(decoded["data"] == .object(["k": .string("second")]))
    }

    @Test("A Secret base64-encodes data, keeps stringData as text and keeps its type")
    func secret() throws {
        let decoded = try decode("Secret") { secret in
            secret.message(1, ProtobufFixtures.minimalMeta("creds", namespace: "team-a"))
            secret.mapEntry(2, "password", bytes: Array("hunter2".utf8))
            secret.string(3, "Opaque")
            secret.mapEntry(4, "user", "admin")
            secret.bool(5, true)
        }
        #expect(
            decoded
                == (try ProtobufFixtures.json(
                    """
                    {"apiVersion":"v1","kind":"Secret","metadata":{"name":"creds","namespace":"team-a"},
                     "data":{"password":"aHVudGVyMg=="},"stringData":{"user":"admin"},"type":"Opaque","immutable":true}
                    """)))
    }

    @Test("A ServiceAccount keeps secrets, imagePullSecrets and an explicit automount false")
    func serviceAccount() throws {
        let decoded = try decode("ServiceAccount") { account in
            account.message(1, ProtobufFixtures.minimalMeta("builder", namespace: "ci"))
            account.message(2) { ref in
                ref.string(1, "Secret")
                ref.string(2, "ci")
                ref.string(3, "builder-token")
                ref.string(4, "")
                ref.string(5, "v1")
                ref.string(6, "")
                ref.string(7, "")
            }
            account.message(3) { $0.string(1, "registry") }
            account.bool(4, false)
        }
        #expect(
            decoded
                == (try ProtobufFixtures.json(
                    """
                    {"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"builder","namespace":"ci"},
                     "secrets":[{"kind":"Secret","namespace":"ci","name":"builder-token","apiVersion":"v1"}],
                     "imagePullSecrets":[{"name":"registry"}],"automountServiceAccountToken":false}
                    """)))
    }

    @Test("An empty Time is absent while an explicit epoch is kept")
    func emptyTimeVersusEpoch() throws {
        let decoded = try decode("Namespace") { namespace in
            namespace.message(1) { meta in
                meta.bytes(8, [])
                meta.time(9, seconds: 0)
            }
        }
        #expect(decoded["metadata"] == .object(["deletionTimestamp": .string("1970-01-01T00:00:00Z")]))
    }

    @Test(
        "A Time outside years 1-9999 or with out-of-range nanos is malformed",
        arguments: [
            (Int64(253_402_300_800), Int64(0)), (Int64(-62_135_596_801), Int64(0)), (Int64(0), Int64(-1)),
            (Int64(0), Int64(1_000_000_000)),
        ])
    func invalidTimes(seconds: Int64, nanos: Int64) {
        #expect(throws: ProtobufDecodingError.invalidTime(field: "Namespace.metadata.creationTimestamp")) {
            try decode("Namespace") { namespace in
                namespace.message(1) { $0.time(8, seconds: seconds, nanos: nanos) }
            }
        }
    }

    @Test("The extremes of the Time range format as four-digit years")
    func timeRangeExtremes() throws {
        let decoded = try decode("Namespace") { namespace in
            namespace.message(1) { meta in
                meta.time(8, seconds: -62_135_596_800)
                meta.time(9, seconds: 253_402_300_799)
            }
        }
        #expect(decoded["metadata"]?["creationTimestamp"] == .string("0001-01-01T00:00:00Z"))
        #expect(decoded["metadata"]?["deletionTimestamp"] == .string("9999-12-31T23:59:59Z"))
    }

    @Test("A singular message sent twice is merged and a repeated scalar keeps the last value")
    func protobufMergeSemantics() throws {
        let decoded = try decode("Namespace") { namespace in
            namespace.message(1) {
                $0.string(1, "first"); $0.string(3, "ns")
            }
            namespace.message(1) { $0.string(1, "second") }
        }
        #expect(decoded["metadata"] == .object(["name": .string("second"), "namespace": .string("ns")]))
    }
}
