import DrawbridgeAPI
import Testing
@testable import APIServerEmulator

@Suite("Protobuf decoding of access reviews, SelfSubjectReview and Lease")
struct KubeProtobufReviewTests {
    static let authorization = "authorization.k8s.io/v1"

    private func decode(
        _ kind: String, apiVersion: String = authorization, _ build: (inout ProtobufWriter) -> Void
    ) throws -> JSONValue {
        try KubeProtobuf.decode(
            ProtobufFixtures.body(apiVersion: apiVersion, kind: kind, raw: ProtobufWriter.message(build)))
    }

    @Test("A SelfSubjectAccessReview for a resource keeps every attribute and both selectors")
    func selfSubjectAccessReviewResource() throws {
        let decoded = try decode("SelfSubjectAccessReview") { review in
            review.message(1, ProtobufFixtures.minimalMeta(""))
            review.message(2) { spec in
                spec.message(1) { attributes in
                    attributes.string(1, "team-a")
                    attributes.string(2, "get")
                    attributes.string(3, "apps")
                    attributes.string(4, "v1")
                    attributes.string(5, "deployments")
                    attributes.string(6, "scale")
                    attributes.string(7, "web")
                    attributes.message(8) { selector in
                        selector.string(1, "spec.nodeName=n1")
                        selector.message(2) {
                            $0.string(1, "spec.nodeName"); $0.string(2, "In"); $0.string(3, "n1")
                        }
                    }
                    attributes.message(9) { $0.string(1, "app=web") }
                }
            }
            review.message(3) { status in
                status.bool(1, false)
                status.string(2, "")
                status.string(3, "")
                status.bool(4, false)
            }
        }
        #expect(
            decoded
                == (try ProtobufFixtures.json(
                    """
                    {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview",
                     "spec":{"resourceAttributes":{"namespace":"team-a","verb":"get","group":"apps","version":"v1",
                       "resource":"deployments","subresource":"scale","name":"web",
                       "fieldSelector":{"rawSelector":"spec.nodeName=n1",
                         "requirements":[{"key":"spec.nodeName","operator":"In","values":["n1"]}]},
                       "labelSelector":{"rawSelector":"app=web"}}}}
                    """)))
    }

    @Test("A SelfSubjectAccessReview for a non-resource URL keeps path and verb")
    func selfSubjectAccessReviewNonResource() throws {
        let decoded = try decode("SelfSubjectAccessReview") { review in
            review.message(2) { spec in
                spec.message(2) {
                    $0.string(1, "/healthz"); $0.string(2, "get")
                }
            }
        }
        #expect(
            decoded
                == (try ProtobufFixtures.json(
                    """
                    {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview",
                     "spec":{"nonResourceAttributes":{"path":"/healthz","verb":"get"}}}
                    """)))
    }

    @Test(
        "A SubjectAccessReview keeps user, groups, extra and uid",
        arguments: ["SubjectAccessReview", "LocalSubjectAccessReview"])
    func subjectAccessReview(kind: String) throws {
        let decoded = try decode(kind) { review in
            review.message(1, ProtobufFixtures.minimalMeta("", namespace: "team-a"))
            review.message(2) { spec in
                spec.message(1) {
                    $0.string(1, "team-a"); $0.string(2, "create"); $0.string(5, "configmaps")
                }
                spec.string(3, "alice")
                spec.string(4, "devs")
                spec.string(4, "system:authenticated")
                spec.message(5) { entry in
                    entry.string(1, "scopes")
                    entry.message(2) {
                        $0.string(1, "read"); $0.string(1, "write")
                    }
                }
                spec.message(5) { entry in
                    entry.string(1, "empty"); entry.message(2) { _ in }
                }
                spec.string(6, "uid-alice")
            }
        }
        #expect(
            decoded
                == (try ProtobufFixtures.json(
                    """
                    {"apiVersion":"authorization.k8s.io/v1","kind":"\(kind)","metadata":{"namespace":"team-a"},
                     "spec":{"resourceAttributes":{"namespace":"team-a","verb":"create","resource":"configmaps"},
                       "user":"alice","groups":["devs","system:authenticated"],
                       "extra":{"scopes":["read","write"],"empty":[]},"uid":"uid-alice"}}
                    """)))
    }

    @Test("A SelfSubjectRulesReview keeps its namespace")
    func selfSubjectRulesReview() throws {
        let decoded = try decode("SelfSubjectRulesReview") { review in
            review.message(1, ProtobufFixtures.minimalMeta(""))
            review.message(2) { $0.string(1, "team-a") }
            review.message(3) { status in
                status.bool(3, false)
                status.string(4, "")
            }
        }
        #expect(
            decoded
                == (try ProtobufFixtures.json(
                    """
                    {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectRulesReview","spec":{"namespace":"team-a"}}
                    """)))
    }

    @Test("An empty SelfSubjectReview, as kubectl auth whoami sends it, decodes to just its type")
    func selfSubjectReview() throws {
        let decoded = try decode("SelfSubjectReview", apiVersion: "authentication.k8s.io/v1") { review in
            review.message(1, ProtobufFixtures.minimalMeta(""))
            review.message(2) { status in
                status.message(1) {
                    $0.string(1, ""); $0.string(2, "")
                }
            }
        }
        #expect(
            decoded
                == (try ProtobufFixtures.json(
                    #"{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}"#)))
    }

    @Test("A Lease renders MicroTimes with six digits and keeps explicit zero values of its pointer fields")
    func lease() throws {
        let decoded = try decode("Lease", apiVersion: "coordination.k8s.io/v1") { lease in
            lease.message(1, ProtobufFixtures.minimalMeta("drawbridge-leader", namespace: "drawbridge-system"))
            lease.message(2) { spec in
                spec.string(1, "pod-1_abc")
                spec.int(2, 15)
                spec.time(3, seconds: 1_700_000_000, nanos: 123_456_789)
                spec.time(4, seconds: 1_700_000_010, nanos: 0)
                spec.int(5, 0)
            }
        }
        #expect(
            decoded
                == (try ProtobufFixtures.json(
                    """
                    {"apiVersion":"coordination.k8s.io/v1","kind":"Lease",
                     "metadata":{"name":"drawbridge-leader","namespace":"drawbridge-system"},
                     "spec":{"holderIdentity":"pod-1_abc","leaseDurationSeconds":15,
                       "acquireTime":"2023-11-14T22:13:20.123456Z","renewTime":"2023-11-14T22:13:30.000000Z",
                       "leaseTransitions":0}}
                    """)))
    }

    @Test("A released Lease keeps its empty holderIdentity, and a negative int32 keeps its sign")
    func releasedLease() throws {
        let decoded = try decode("Lease", apiVersion: "coordination.k8s.io/v1") { lease in
            lease.message(2) { spec in
                spec.string(1, "")
                spec.int(2, -1)
            }
        }
        #expect(decoded["spec"] == .object(["holderIdentity": .string(""), "leaseDurationSeconds": .int(-1)]))
    }
}
