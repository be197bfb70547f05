import APIServerEmulator
import DrawbridgeTesting
import EmulatorServer
import Foundation
import Testing

/// The real kubectl 1.32 against the emulator: the commands Drawbridge's users and tests rely on.
@Suite("kubectl against the emulator", .enabled(if: KubectlHarness.kubectlPath != nil, "needs kubectl on PATH"))
struct KubectlConformanceTests {
    static var root: String { PackageRoot.url?.path ?? "." }

    /// Installs the CRDs with `kubectl apply -k config/crd` and waits until they are established.
    /// Not config/default: its webhooks (fail closed) would refuse every AccessRequest write here,
    /// with no controller running to answer them; KubectlDeployTests covers config/default.
    static func installCRDs(_ k: KubectlHarness) async throws {
        let applied = try await k.kubectl(["apply", "-k", "\(root)/config/crd"])
        #expect(applied.status == 0, "\(applied)")
        let waited = try await k.kubectl([
            "wait", "--for=condition=Established", "crd/accessrequests.drawbridge.dev",
            "crd/accesspolicies.drawbridge.dev", "--timeout=20s",
        ])
        #expect(waited.status == 0, "\(waited)")
    }

    @Test("CRDs and custom resources apply, and kubectl get prints the CRD's columns")
    func applyAndGet() async throws {
        try await withKubectl { k in
            try await Self.installCRDs(k)
            let again = try await k.kubectl(["apply", "-k", "\(Self.root)/config/crd"])
            #expect(again.stdout.contains("accessrequests.drawbridge.dev unchanged"), "\(again)")
            #expect(try await k.kubectl("create namespace demo").stdout == "namespace/demo created\n")
            #expect(try await k.kubectl(["apply", "-f", "\(Self.root)/examples/policies"]).status == 0)
            // Requesters get RBAC for AccessRequests from config/rbac (a later issue); admin applies here.
            let created = try await k.kubectl(["apply", "-f", "\(Self.root)/examples/requests/alice-edit-demo.yaml"])
            #expect(created.stdout == "accessrequest.drawbridge.dev/alice-edit-demo created\n", "\(created)")
            let table = try await k.kubectl("get ar -n demo")
            let header = table.stdout.split(separator: "\n").first.map(String.init) ?? ""
            #expect(
                header.split(separator: " ", omittingEmptySubsequences: true) == [
                    "NAME", "REQUESTER", "ROLE", "DURATION", "PHASE", "EXPIRES", "AGE",
                ])
            #expect(table.stdout.contains("alice-edit-demo"))
            let policies = try await k.kubectl("get ap")
            #expect(policies.stdout.contains("developers-edit-demo   Namespaced   1"), "\(policies)")
            #expect(policies.stdout.contains("sre-cluster-view       Cluster      1"), "\(policies)")
            let yaml = try await k.kubectl("get ar alice-edit-demo -n demo -o yaml")
            #expect(yaml.stdout.contains("reason: 'INC-4242: roll back the checkout deployment'"), "\(yaml)")
            let jsonpath = try await k.kubectl([
                "get", "ar", "alice-edit-demo", "-n", "demo", "-o", "jsonpath={.spec.role.name}",
            ])
            #expect(jsonpath.stdout == "edit")
            let reapplied = try await k.kubectl(["apply", "-f", "\(Self.root)/examples/requests/alice-edit-demo.yaml"])
            #expect(reapplied.stdout == "accessrequest.drawbridge.dev/alice-edit-demo unchanged\n", "\(reapplied)")
            let category = try await k.kubectl("get drawbridge -A")
            #expect(category.stdout.contains("accessrequest.drawbridge.dev/alice-edit-demo"))
        }
    }

    @Test(
        "patch --subresource=status, no-op patches, 415 for strategic merge on a CR, and validation errors read as on a cluster"
    )
    func patching() async throws {
        try await withKubectl { k in
            try await Self.installCRDs(k)
            _ = try await k.kubectl("create namespace demo")
            _ = try await k.kubectl(["apply", "-f", "\(Self.root)/examples/requests/alice-edit-demo.yaml"])
            let status = [
                "patch", "ar", "alice-edit-demo", "-n", "demo", "--subresource=status", "--type=merge", "-p",
                #"{"status":{"phase":"Pending"}}"#,
            ]
            #expect(try await k.kubectl(status).stdout == "accessrequest.drawbridge.dev/alice-edit-demo patched\n")
            #expect(
                try await k.kubectl(status).stdout
                    == "accessrequest.drawbridge.dev/alice-edit-demo patched (no change)\n")
            let strategic = try await k.kubectl([
                "patch", "ar", "alice-edit-demo", "-n", "demo", "-p", #"{"spec":{"duration":"45m"}}"#,
            ])
            #expect(strategic.status != 0)
            #expect(
                strategic.stderr.contains(
                    "application/strategic-merge-patch+json is not supported by drawbridge.dev/v1alpha1, Kind=AccessRequest"
                ), "\(strategic)")
            let immutable = try await k.kubectl([
                "patch", "ar", "alice-edit-demo", "-n", "demo", "--type=merge", "-p", #"{"spec":{"duration":"45m"}}"#,
            ])
            #expect(immutable.stderr.contains("spec is immutable"), "\(immutable)")
            let bogus = try await k.kubectl([
                "patch", "ar", "alice-edit-demo", "-n", "demo", "--subresource=status", "--type=merge", "-p",
                #"{"status":{"phase":"Bogus"}}"#,
            ])
            #expect(
                bogus.stderr.contains(
                    #"The AccessRequest "alice-edit-demo" is invalid: status.phase: Unsupported value: "Bogus""#),
                "\(bogus)")
            let labelled = try await k.kubectl("label ar alice-edit-demo -n demo team=payments")
            #expect(labelled.stdout == "accessrequest.drawbridge.dev/alice-edit-demo labeled\n")
            #expect(
                try await k.kubectl("get ar -n demo -l team=payments -o name").stdout
                    == "accessrequest.drawbridge.dev/alice-edit-demo\n")
            #expect(try await k.kubectl("get ar -n demo -l team!=payments -o name").stdout == "")
            let described = try await k.kubectl("describe ar alice-edit-demo -n demo")
            #expect(
                described.stdout.contains("Phase:  Pending") || described.stdout.contains("Phase:    Pending"),
                "\(described)")
            let deleted = try await k.kubectl("delete ar alice-edit-demo -n demo")
            #expect(deleted.stdout == "accessrequest.drawbridge.dev \"alice-edit-demo\" deleted\n")
            let gone = try await k.kubectl("get ar alice-edit-demo -n demo")
            #expect(
                gone.stderr.contains(
                    #"Error from server (NotFound): accessrequests.drawbridge.dev "alice-edit-demo" not found"#),
                "\(gone)")
        }
    }

    @Test("alice's auth can-i flips from no to yes when a RoleBinding is created and back when it is deleted")
    func rbacFlip() async throws {
        try await withKubectl { k in
            _ = try await k.kubectl("create namespace demo")
            let canI = ["auth", "can-i", "get", "secrets", "-n", "demo"]
            let before = try await k.kubectl(canI, as: "alice")
            #expect(before.stdout == "no\n" && before.status == 1, "\(before)")
            let bound = try await k.kubectl("create rolebinding alice-edit -n demo --clusterrole=edit --user=alice")
            #expect(bound.stdout == "rolebinding.rbac.authorization.k8s.io/alice-edit created\n", "\(bound)")
            let during = try await k.kubectl(canI, as: "alice")
            #expect(during.stdout == "yes\n" && during.status == 0, "\(during)")
            #expect(
                try await k.kubectl(["auth", "can-i", "get", "secrets", "-n", "default"], as: "alice").stdout == "no\n")
            let table = try await k.kubectl("get rolebindings -n demo -o wide")
            #expect(table.stdout.contains("ClusterRole/edit") && table.stdout.contains("alice"), "\(table)")
            _ = try await k.kubectl("delete rolebinding alice-edit -n demo")
            let after = try await k.kubectl(canI, as: "alice")
            #expect(after.stdout == "no\n", "\(after)")
            let forbidden = try await k.kubectl("get secrets -n demo", as: "alice")
            #expect(
                forbidden.stderr.contains(
                    #"User "alice" cannot list resource "secrets" in API group "" in the namespace "demo""#),
                "\(forbidden)")
        }
    }

    @Test("auth whoami and can-i --list report the caller's identity and rules")
    func identity() async throws {
        try await withKubectl { k in
            let whoami = try await k.kubectl("auth whoami", as: "bob")
            #expect(whoami.stdout.contains("bob") && whoami.stdout.contains("sre"), "\(whoami)")
            let list = try await k.kubectl("auth can-i --list -n default", as: "bob")
            #expect(list.stdout.contains("selfsubjectaccessreviews.authorization.k8s.io"), "\(list)")
        }
    }

    @Test("get -w streams changes and wait returns once a condition holds")
    func watchAndWait() async throws {
        try await withKubectl { k in
            _ = try await k.kubectl("create namespace demo")
            _ = try await k.kubectl("create configmap watched -n demo --from-literal=a=1")
            // The watch streams until it has shown the last value (a minute at most, so nothing hangs).
            let watcher = try await k.background(
                ["get", "configmap", "watched", "-n", "demo", "-w", "-o", "jsonpath={.data.a}{\"\\n\"}"], timeout: 60,
                until: { $0.split(separator: "\n").contains("3") })
            let waiter = try await k.background(
                ["wait", "configmap/watched", "-n", "demo", "--for=jsonpath={.data.a}=3", "--timeout=60s"], timeout: 65)
            // Patch only once both kubectl processes have their watches open (no timing guess).
            for _ in 0..<300 where k.emulator.api.store.watcherCount < 2 {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(k.emulator.api.store.watcherCount >= 2)
            _ = try await k.kubectl([
                "patch", "configmap", "watched", "-n", "demo", "--type=merge", "-p", #"{"data":{"a":"2"}}"#,
            ])
            _ = try await k.kubectl([
                "patch", "configmap", "watched", "-n", "demo", "--type=merge", "-p", #"{"data":{"a":"3"}}"#,
            ])
            let waited = try await waiter.value
            #expect(waited.status == 0, "\(waited)")
            #expect(waited.stdout.contains("condition met"))
            let watched = try await watcher.value
            #expect(watched.stdout.split(separator: "\n") == ["1", "2", "3"], "\(watched)")
        }
    }

    @Test("Deleting a namespace waits until its content and the namespace are gone")
    func namespaceDeletion() async throws {
        try await withKubectl { k in
            _ = try await k.kubectl("create namespace doomed")
            _ = try await k.kubectl("create configmap c -n doomed --from-literal=a=1")
            let deleted = try await k.kubectl("delete namespace doomed --timeout=20s")
            #expect(deleted.stdout == "namespace \"doomed\" deleted\n", "\(deleted)")
            #expect(try await k.kubectl("get namespace doomed").status != 0)
        }
    }

    @Test("Events written through either events API show up in kubectl get events")
    func events() async throws {
        try await withKubectl { k in
            let core = try k.file(
                "core-event.yaml",
                """
                apiVersion: v1
                kind: Event
                metadata: {name: e1, namespace: default}
                involvedObject: {kind: AccessRequest, name: alice-edit, namespace: default, apiVersion: drawbridge.dev/v1alpha1}
                reason: Granted
                message: ClusterRole/edit bound
                type: Normal
                firstTimestamp: "2026-01-01T00:00:00Z"
                lastTimestamp: "2026-01-01T00:00:00Z"
                """)
            let modern = try k.file(
                "v1-event.yaml",
                """
                apiVersion: events.k8s.io/v1
                kind: Event
                metadata: {name: e2, namespace: default}
                regarding: {kind: AccessRequest, name: alice-edit, namespace: default}
                reason: Expired
                note: access expired
                type: Normal
                action: Revoke
                reportingController: drawbridge.dev/controller
                reportingInstance: drawbridge-0
                eventTime: "2026-01-01T00:00:01.000000Z"
                """)
            #expect(try await k.kubectl(["create", "-f", core]).status == 0)
            let created = try await k.kubectl(["create", "-f", modern])
            #expect(created.status == 0, "\(created)")
            let events = try await k.kubectl("get events -n default")
            #expect(
                events.stdout.contains("accessrequest/alice-edit") && events.stdout.contains("Granted")
                    && events.stdout.contains("Expired"), "\(events)")
        }
    }

    @Test("Bad manifests are refused with the errors a real API server gives")
    func badInput() async throws {
        try await withKubectl { k in
            try await Self.installCRDs(k)
            _ = try await k.kubectl("create namespace demo")
            let unknownField = try k.file(
                "unknown.yaml",
                """
                apiVersion: drawbridge.dev/v1alpha1
                kind: AccessRequest
                metadata: {name: x, namespace: demo}
                spec: {role: {kind: ClusterRole, name: edit}, reason: r, bogus: 1}
                """)
            let strict = try await k.kubectl(["apply", "-f", unknownField])
            #expect(strict.stderr.contains(#"strict decoding error: unknown field "spec.bogus""#), "\(strict)")
            let missing = try k.file(
                "missing.yaml",
                """
                apiVersion: drawbridge.dev/v1alpha1
                kind: AccessRequest
                metadata: {name: missing-role, namespace: demo}
                spec: {reason: r, duration: forever}
                """)
            let invalid = try await k.kubectl(["apply", "-f", missing])
            #expect(invalid.stderr.contains("spec.role: Required value"), "\(invalid)")
            #expect(invalid.stderr.contains("spec.duration"), "\(invalid)")
            let stale = try k.file(
                "stale.yaml",
                """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: z, namespace: demo, resourceVersion: "1"}
                data: {a: b}
                """)
            _ = try await k.kubectl("create configmap z -n demo --from-literal=a=a")
            let conflict = try await k.kubectl(["replace", "-f", stale])
            #expect(conflict.stderr.contains("Error from server (Conflict)"), "\(conflict)")
        }
    }
}
