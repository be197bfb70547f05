import DrawbridgeAPI
import Foundation
import Testing

/// Webhook `matchConditions` through the real kubectl: a condition that excludes one user skips the
/// webhook for that user only, an evaluation error follows failurePolicy, and a configuration whose
/// expression does not compile is refused by `kubectl apply` with kube-apiserver's 422.
@Suite(
    "Webhook match conditions through kubectl", .enabled(if: KubectlHarness.kubectlPath != nil, "needs kubectl on PATH")
)
struct KubectlMatchConditionTests {
    typealias Hook = KubectlAdmissionWebhookTests.Hook

    @Test("A mutating webhook whose condition excludes alice labels admin's ConfigMaps and not alice's")
    func excludesOneUser() async throws {
        try await KubectlAdmissionWebhookTests.withWebhooks { k, server in
            try await KubectlAdmissionWebhookTests.register(
                k, "MutatingWebhookConfiguration", "test-label", caBundle: server.caBundle,
                [
                    Hook(
                        name: "label.test.drawbridge.dev", url: server.url("/label"),
                        matchConditions: [("not-alice", "request.userInfo.username != 'alice'")])
                ])
            _ = try await k.kubectl("create rolebinding alice-edit -n default --clusterrole=edit --user=alice")
            #expect(try await k.kubectl("create configmap from-alice --from-literal=a=1", as: "alice").status == 0)
            #expect(try await k.kubectl("create configmap from-admin --from-literal=a=1").status == 0)

            let labels = try await k.kubectl([
                "get", "configmaps", "from-alice", "from-admin", "-o",
                #"jsonpath={range .items[*]}{.metadata.name}={.metadata.labels.mutated-by}{"\n"}{end}"#,
            ])
            #expect(labels.stdout == "from-alice=\nfrom-admin=test-webhook\n", "\(labels)")
            let names = server.received.filter { $0.path == "/label" }.compactMap {
                $0.request[path: ["object", "metadata", "name"]]?.stringValue
            }
            #expect(names == ["from-admin"], "alice's request never reached the webhook")
        }
    }

    @Test("An evaluation error refuses the write under failurePolicy Fail and skips the webhook under Ignore")
    func evaluationErrors() async throws {
        try await KubectlAdmissionWebhookTests.withWebhooks { k, server in
            let team = ("team-label", "object.metadata.labels['team'] == 'payments'")
            try await KubectlAdmissionWebhookTests.register(
                k, "ValidatingWebhookConfiguration", "test-team", caBundle: server.caBundle,
                [Hook(name: "team.test.drawbridge.dev", url: server.url("/allow"), matchConditions: [team])])
            let refused = try await k.kubectl("create configmap plain --from-literal=a=1")
            #expect(refused.status != 0)
            #expect(
                refused.stderr
                    == "error: failed to create configmap: configmaps \"plain\" is forbidden: expression 'object.metadata.labels['team'] == 'payments'' resulted in error: no such key: labels\n",
                "\(refused)")

            try await KubectlAdmissionWebhookTests.register(
                k, "ValidatingWebhookConfiguration", "test-team", caBundle: server.caBundle,
                [
                    Hook(
                        name: "team.test.drawbridge.dev", url: server.url("/allow"), failurePolicy: "Ignore",
                        matchConditions: [team])
                ])
            let created = try await k.kubectl("create configmap plain --from-literal=a=1")
            #expect(created.stdout == "configmap/plain created\n", "\(created)")
            #expect(server.received.filter { $0.path == "/allow" }.isEmpty)
        }
    }

    @Test("kubectl apply of a configuration whose condition does not compile prints kube-apiserver's 422")
    func invalidConfiguration() async throws {
        try await KubectlAdmissionWebhookTests.withWebhooks { k, server in
            let hooks = [
                Hook(
                    name: "typo.test.drawbridge.dev", url: server.url("/allow"),
                    matchConditions: [("typo", "request.userInfo.usrname == 'x'")])
            ]
            let file = try k.file(
                "typo.yaml",
                KubectlAdmissionWebhookTests.configuration(
                    "ValidatingWebhookConfiguration", "test-typo", caBundle: server.caBundle, hooks))
            let applied = try await k.kubectl(["apply", "-f", file])
            #expect(applied.status != 0)
            #expect(
                applied.stderr
                    == #"The ValidatingWebhookConfiguration "test-typo" is invalid: webhooks[0].matchConditions[0].expression: Invalid value: "request.userInfo.usrname == 'x'": compilation failed: ERROR: <input>:1:17: undefined field 'usrname'"#
                    + "\n", "\(applied)")
            #expect(try await k.kubectl("get validatingwebhookconfiguration test-typo").status != 0)
        }
    }
}
