import DrawbridgeAPI
import Foundation
import Testing

/// Admission webhooks registered with `kubectl apply`, called by the emulator over HTTPS, observed
/// through the real kubectl: what Drawbridge's controller relies on for identity (docs/security.md).
@Suite("Admission webhooks through kubectl", .enabled(if: KubectlHarness.kubectlPath != nil, "needs kubectl on PATH"))
struct KubectlAdmissionWebhookTests {
    /// One webhook of a configuration.
    struct Hook {
        var name: String
        var url: String
        var resources: [String] = ["configmaps"]
        var operations: [String] = ["CREATE", "UPDATE"]
        var apiGroups: [String] = [""]
        var failurePolicy = "Fail"
        /// `matchConditions` as (name, CEL expression).
        var matchConditions: [(String, String)] = []
    }

    /// A YAML double-quoted scalar (JSON string syntax), so CEL's quotes survive.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A Mutating/ValidatingWebhookConfiguration manifest, as a user would write it.
    static func configuration(_ kind: String, _ name: String, caBundle: String, _ hooks: [Hook]) -> String {
        func list(_ values: [String]) -> String { "[" + values.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }
        var lines = [
            "apiVersion: admissionregistration.k8s.io/v1", "kind: \(kind)", "metadata:", "  name: \(name)", "webhooks:",
        ]
        for hook in hooks {
            lines += [
                "- name: \(hook.name)",
                "  clientConfig:",
                "    url: \"\(hook.url)\"",
                "    caBundle: \"\(caBundle)\"",
                "  rules:",
                "  - apiGroups: \(list(hook.apiGroups))",
                "    apiVersions: [\"*\"]",
                "    operations: \(list(hook.operations))",
                "    resources: \(list(hook.resources))",
                "  failurePolicy: \(hook.failurePolicy)",
                "  sideEffects: None",
                "  admissionReviewVersions: [\"v1\"]",
                "  timeoutSeconds: 5",
            ]
            if !hook.matchConditions.isEmpty { lines.append("  matchConditions:") }
            for (name, expression) in hook.matchConditions {
                lines += ["  - name: \(name)", "    expression: \(quoted(expression))"]
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Applies a configuration and checks kubectl accepted it.
    static func register(_ k: KubectlHarness, _ kind: String, _ name: String, caBundle: String, _ hooks: [Hook])
        async throws
    {
        let file = try k.file("\(name).yaml", configuration(kind, name, caBundle: caBundle, hooks))
        let applied = try await k.kubectl(["apply", "-f", file])
        #expect(applied.status == 0, "\(applied)")
    }

    /// Runs `body` with a fresh webhook server and a webhook-enabled emulator, stopping both.
    static func withWebhooks(_ body: (KubectlHarness, TestWebhookServer) async throws -> Void) async throws {
        let server = try await TestWebhookServer.start()
        do {
            try await withKubectl(webhooks: true) { k in try await body(k, server) }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("A mutating webhook labels new ConfigMaps, and a validating webhook sees who asked and denies forbidden data")
    func mutateAndValidate() async throws {
        try await Self.withWebhooks { k, server in
            try await Self.register(
                k, "MutatingWebhookConfiguration", "test-label", caBundle: server.caBundle,
                [Hook(name: "label.test.drawbridge.dev", url: server.url("/label"))])
            try await Self.register(
                k, "ValidatingWebhookConfiguration", "test-deny", caBundle: server.caBundle,
                [Hook(name: "deny.test.drawbridge.dev", url: server.url("/deny-forbidden"))])
            _ = try await k.kubectl("create rolebinding alice-edit -n default --clusterrole=edit --user=alice")

            let created = try await k.kubectl("create configmap labelled --from-literal=a=1", as: "alice")
            #expect(created.stdout == "configmap/labelled created\n", "\(created)")
            let label = try await k.kubectl([
                "get", "configmap", "labelled", "-o", "jsonpath={.metadata.labels.mutated-by}",
            ])
            #expect(label.stdout == "test-webhook", "\(label)")

            // kube-apiserver's wording, as kubectl prints it for a manifest and for the create generator.
            let bad = try k.file(
                "bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bad}\ndata: {forbidden: \"true\"}\n")
            let denied = try await k.kubectl(["create", "-f", bad], as: "alice")
            #expect(denied.status != 0)
            #expect(
                denied.stderr
                    == "Error from server (BadRequest): error when creating \"\(bad)\": admission webhook \"deny.test.drawbridge.dev\" denied the request: forbidden data is not allowed\n",
                "\(denied)")
            let generated = try await k.kubectl("create configmap bad --from-literal=forbidden=true", as: "alice")
            #expect(
                generated.stderr
                    == "error: failed to create configmap: admission webhook \"deny.test.drawbridge.dev\" denied the request: forbidden data is not allowed\n",
                "\(generated)")
            #expect(try await k.kubectl("get configmap bad").status != 0)

            let patched = try await k.kubectl(
                ["patch", "configmap", "labelled", "--type=merge", "-p", #"{"data":{"a":"2"}}"#], as: "alice")
            #expect(patched.stdout == "configmap/labelled patched\n", "\(patched)")
            let deniedUpdate = try await k.kubectl([
                "patch", "configmap", "labelled", "--type=merge", "-p", #"{"data":{"forbidden":"true"}}"#,
            ])
            #expect(
                deniedUpdate.stderr.contains(
                    #"admission webhook "deny.test.drawbridge.dev" denied the request: forbidden data is not allowed"#),
                "\(deniedUpdate)")

            let validated = server.received.filter { $0.path == "/deny-forbidden" }
            let create = try #require(
                validated.first { $0.request[path: ["object", "metadata", "name"]]?.stringValue == "labelled" })
            #expect(create.request["operation"]?.stringValue == "CREATE")
            #expect(create.request[path: ["userInfo", "username"]]?.stringValue == "alice")
            let groups = (create.request[path: ["userInfo", "groups"]]?.arrayValue ?? []).compactMap(\.stringValue)
            #expect(groups.contains("developers") && groups.contains("system:authenticated"), "\(groups)")
            #expect(create.request["oldObject"] == .null)
            #expect(
                create.request[path: ["object", "metadata", "labels", "mutated-by"]]?.stringValue == "test-webhook",
                "validating webhooks run after mutating ones")
            #expect(create.request[path: ["resource", "resource"]]?.stringValue == "configmaps")
            #expect(create.request["namespace"]?.stringValue == "default")
            #expect(create.contentType == "application/json" && create.query == "timeout=5s")
            let update = try #require(validated.first { $0.request["operation"]?.stringValue == "UPDATE" })
            #expect(update.request[path: ["userInfo", "username"]]?.stringValue == "alice")
            #expect(update.request[path: ["oldObject", "data", "a"]]?.stringValue == "1")
            #expect(update.request[path: ["object", "data", "a"]]?.stringValue == "2")
        }
    }

    @Test("A webhook that is down fails writes under failurePolicy Fail and is skipped under Ignore")
    func failurePolicy() async throws {
        try await Self.withWebhooks { k, server in
            let down = "https://127.0.0.1:1/validate"
            try await Self.register(
                k, "ValidatingWebhookConfiguration", "test-down", caBundle: server.caBundle,
                [Hook(name: "down.test.drawbridge.dev", url: down)])
            let blocked = try k.file(
                "blocked.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: blocked}\ndata: {a: \"1\"}\n")
            let failed = try await k.kubectl(["create", "-f", blocked])
            #expect(failed.status != 0)
            #expect(
                failed.stderr.contains(
                    #"Error from server (InternalError): error when creating "\#(blocked)": Internal error occurred: failed calling webhook "down.test.drawbridge.dev": failed to call webhook: Post "https://127.0.0.1:1/validate?timeout=5s": dial tcp 127.0.0.1:1: connect: connection refused"#
                ), "\(failed)")
            #expect(try await k.kubectl("get configmap blocked").status != 0)

            try await Self.register(
                k, "ValidatingWebhookConfiguration", "test-down", caBundle: server.caBundle,
                [Hook(name: "down.test.drawbridge.dev", url: down, failurePolicy: "Ignore")])
            let ignored = try await k.kubectl(["create", "-f", blocked])
            #expect(ignored.stdout == "configmap/blocked created\n", "\(ignored)")
        }
    }

    @Test("Status subresource writes reach webhooks whose rules list accessrequests/status, with subResource status")
    func statusSubresource() async throws {
        try await Self.withWebhooks { k, server in
            try await KubectlConformanceTests.installCRDs(k)
            _ = try await k.kubectl("create namespace demo")
            try await Self.register(
                k, "ValidatingWebhookConfiguration", "test-status", caBundle: server.caBundle,
                [
                    Hook(
                        name: "main.test.drawbridge.dev", url: server.url("/main"), resources: ["accessrequests"],
                        apiGroups: ["drawbridge.dev"]),
                    Hook(
                        name: "status.test.drawbridge.dev", url: server.url("/status"),
                        resources: ["accessrequests/status"], operations: ["UPDATE"], apiGroups: ["drawbridge.dev"]),
                ])
            let created = try await k.kubectl([
                "apply", "-f", "\(KubectlConformanceTests.root)/examples/requests/alice-edit-demo.yaml",
            ])
            #expect(created.status == 0, "\(created)")
            let patched = try await k.kubectl([
                "patch", "ar", "alice-edit-demo", "-n", "demo", "--subresource=status", "--type=merge", "-p",
                #"{"status":{"phase":"Pending"}}"#,
            ])
            #expect(patched.stdout == "accessrequest.drawbridge.dev/alice-edit-demo patched\n", "\(patched)")

            let main = server.received.filter { $0.path == "/main" }
            #expect(
                main.map { $0.request["operation"]?.stringValue } == ["CREATE"],
                "the main resource's rule does not match status writes")
            #expect(main.first?.request["subResource"] == nil)
            let status = server.received.filter { $0.path == "/status" }
            #expect(status.count == 1)
            let request = try #require(status.first?.request)
            #expect(request["subResource"]?.stringValue == "status")
            #expect(request["operation"]?.stringValue == "UPDATE")
            #expect(request[path: ["resource", "resource"]]?.stringValue == "accessrequests")
            #expect(request[path: ["kind", "kind"]]?.stringValue == "AccessRequest")
            #expect(request[path: ["object", "status", "phase"]]?.stringValue == "Pending")
            #expect(request[path: ["oldObject", "metadata", "name"]]?.stringValue == "alice-edit-demo")
            #expect(request[path: ["userInfo", "username"]]?.stringValue == "admin")
        }
    }

    @Test(
        "Twenty concurrent kubectl patches through a mutating webhook all land, because racing writes are re-admitted")
    func concurrentReviews() async throws {
        try await Self.withWebhooks { k, server in
            try await Self.register(
                k, "MutatingWebhookConfiguration", "test-review", caBundle: server.caBundle,
                [Hook(name: "review.test.drawbridge.dev", url: server.url("/review"), operations: ["UPDATE"])])
            _ = try await k.kubectl("create configmap reviews --from-literal=a=1")
            let results = try await withThrowingTaskGroup(of: KubectlHarness.Result.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        try await k.kubectl([
                            "patch", "configmap", "reviews", "--type=merge", "-p",
                            #"{"metadata":{"annotations":{"review":"\#(index)"}}}"#,
                        ])
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.allSatisfy { $0.status == 0 }, "\(results.filter { $0.status != 0 })")
            let json = try await k.kubectl("get configmap reviews -o json")
            let object = try JSONDecoder().decode(JSONValue.self, from: Data(json.stdout.utf8))
            let annotations = object[path: ["metadata", "annotations"]]?.objectValue ?? [:]
            let reviewed = Set(annotations.keys.filter { $0.hasPrefix("reviewed-") })
            #expect(reviewed == Set((0..<20).map { "reviewed-\($0)" }), "\(annotations.keys.sorted())")
            #expect(annotations["review"] == nil)
            #expect(reviewed.allSatisfy { annotations[$0]?.stringValue == "admin" }, "each entry names the reviewer")
            #expect(server.received.filter { $0.path == "/review" }.count >= 20)
        }
    }
}
