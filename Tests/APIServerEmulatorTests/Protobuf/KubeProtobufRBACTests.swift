import DrawbridgeAPI
import Testing
@testable import APIServerEmulator

@Suite("Protobuf decoding of rbac.authorization.k8s.io/v1 kinds")
struct KubeProtobufRBACTests {
    static let rbac = "rbac.authorization.k8s.io/v1"

    private func decode(_ kind: String, _ build: (inout ProtobufWriter) -> Void) throws -> JSONValue {
        try KubeProtobuf.decode(
            ProtobufFixtures.body(apiVersion: Self.rbac, kind: kind, raw: ProtobufWriter.message(build)))
    }

    private static func writeBinding(_ binding: inout ProtobufWriter, namespace: String) {
        binding.message(1, ProtobufFixtures.minimalMeta("alice-edit", namespace: namespace))
        binding.message(2) { subject in
            subject.string(1, "User")
            subject.string(2, "rbac.authorization.k8s.io")
            subject.string(3, "alice")
            subject.string(4, "")
        }
        binding.message(2) { subject in
            subject.string(1, "ServiceAccount")
            subject.string(2, "")
            subject.string(3, "builder")
            subject.string(4, "ci")
        }
        binding.message(3) { ref in
            ref.string(1, "rbac.authorization.k8s.io")
            ref.string(2, "ClusterRole")
            ref.string(3, "edit")
        }
    }

    @Test("A RoleBinding keeps its subjects in order and its roleRef")
    func roleBinding() throws {
        let decoded = try decode("RoleBinding") { Self.writeBinding(&$0, namespace: "team-a") }
        #expect(
            decoded
                == (try ProtobufFixtures.json(
                    """
                    {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding",
                     "metadata":{"name":"alice-edit","namespace":"team-a"},
                     "subjects":[{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"alice"},
                                 {"kind":"ServiceAccount","name":"builder","namespace":"ci"}],
                     "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"edit"}}
                    """)))
    }

    @Test("A ClusterRoleBinding decodes with the RoleBinding layout")
    func clusterRoleBinding() throws {
        let decoded = try decode("ClusterRoleBinding") { Self.writeBinding(&$0, namespace: "") }
        #expect(decoded["kind"] == .string("ClusterRoleBinding"))
        #expect(decoded["metadata"] == .object(["name": .string("alice-edit")]))
        #expect(decoded["subjects"]?.arrayValue?.count == 2)
        #expect(decoded["roleRef"]?["name"] == .string("edit"))
    }

    @Test("A Role keeps every PolicyRule list")
    func role() throws {
        let decoded = try decode("Role") { role in
            role.message(1, ProtobufFixtures.minimalMeta("reader", namespace: "team-a"))
            role.message(2) { rule in
                rule.string(1, "get")
                rule.string(1, "list")
                rule.string(2, "")
                rule.string(3, "configmaps")
                rule.string(4, "settings")
            }
        }
        #expect(
            decoded
                == (try ProtobufFixtures.json(
                    """
                    {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"reader","namespace":"team-a"},
                     "rules":[{"verbs":["get","list"],"apiGroups":[""],"resources":["configmaps"],"resourceNames":["settings"]}]}
                    """)))
    }

    @Test("A ClusterRole keeps non-resource URLs and its aggregation label selectors")
    func clusterRole() throws {
        let decoded = try decode("ClusterRole") { role in
            role.message(1, ProtobufFixtures.minimalMeta("monitoring"))
            role.message(2) { rule in
                rule.string(1, "get")
                rule.string(5, "/metrics")
            }
            role.message(3) { aggregation in
                aggregation.message(1) { selector in
                    selector.mapEntry(1, "rbac.example.com/aggregate-to-monitoring", "true")
                    selector.message(2) { requirement in
                        requirement.string(1, "tier")
                        requirement.string(2, "In")
                        requirement.string(3, "a")
                        requirement.string(3, "b")
                    }
                }
            }
        }
        #expect(
            decoded
                == (try ProtobufFixtures.json(
                    """
                    {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"monitoring"},
                     "rules":[{"verbs":["get"],"nonResourceURLs":["/metrics"]}],
                     "aggregationRule":{"clusterRoleSelectors":[{
                        "matchLabels":{"rbac.example.com/aggregate-to-monitoring":"true"},
                        "matchExpressions":[{"key":"tier","operator":"In","values":["a","b"]}]}]}}
                    """)))
    }
}
