import DrawbridgeAPI
import DrawbridgeTesting
import Foundation
import Testing

/// The README's install path, `kubectl apply -k config/default`, with the real kubectl against the
/// emulator on a cluster that has cert-manager's CRDs: everything is created, the properties that
/// keep the controller safe and available are there, and re-applying changes nothing.
@Suite("kubectl apply -k config/default", .enabled(if: KubectlHarness.kubectlPath != nil, "needs kubectl on PATH"))
struct KubectlDeployTests {
    static var root: String { KubectlConformanceTests.root }
    static let namespace = "drawbridge-system"

    /// Installs `crds` (add-on CRDs) and waits until `names` are established.
    static func installCRDs(_ k: KubectlHarness, _ crds: String, _ names: [String]) async throws {
        let applied = try await k.kubectl(["apply", "-f", "-"], stdin: crds)
        #expect(applied.status == 0, "\(applied)")
        let waited = try await k.kubectl(
            ["wait", "--for=condition=Established", "--timeout=20s"] + names.map { "crd/\($0)" })
        #expect(waited.status == 0, "\(waited)")
    }

    /// `kubectl get ARGS -o json`, decoded.
    static func object(_ k: KubectlHarness, _ arguments: [String]) async throws -> JSONValue {
        let got = try await k.kubectl(["get"] + arguments + ["-o", "json"])
        try #require(got.status == 0, "\(got)")
        return try JSONValue.parse(Array(got.stdout.utf8))
    }

    @Test(
        "config/default applies as admin and creates the controller's Deployment, PDB, NetworkPolicy, webhooks, certificate and RBAC"
    )
    func applyDefault() async throws {
        try await withKubectl { k in
            try await Self.installCRDs(
                k, AddOnCRDs.certManager, ["issuers.cert-manager.io", "certificates.cert-manager.io"])
            let applied = try await k.kubectl(["apply", "-k", "\(Self.root)/config/default"], timeout: 60)
            #expect(applied.status == 0, "\(applied)")
            for line in [
                "namespace/drawbridge-system created", "serviceaccount/drawbridge-controller created",
                "clusterrolebinding.rbac.authorization.k8s.io/drawbridge-controller created",
                "service/drawbridge-webhook created", "deployment.apps/drawbridge-controller created",
                "poddisruptionbudget.policy/drawbridge-controller created",
                "networkpolicy.networking.k8s.io/drawbridge-controller created",
                "certificate.cert-manager.io/drawbridge-webhook-cert created",
                "issuer.cert-manager.io/drawbridge-selfsigned-issuer created",
                "mutatingwebhookconfiguration.admissionregistration.k8s.io/drawbridge created",
                "validatingwebhookconfiguration.admissionregistration.k8s.io/drawbridge created",
            ] {
                #expect(applied.stdout.contains(line + "\n"), "\(line)\n\(applied)")
            }

            let deployment = try await Self.object(k, ["deployment", "drawbridge-controller", "-n", Self.namespace])
            try DeploymentChecks.controller(deployment)
            let pod = deployment[path: ["spec", "template"]] ?? .null

            let budget = try await Self.object(k, ["pdb", "drawbridge-controller", "-n", Self.namespace])
            #expect(budget[path: ["spec", "minAvailable"]] == 1)
            #expect(
                budget[path: ["spec", "selector", "matchLabels"]]
                    == deployment[path: ["spec", "selector", "matchLabels"]])

            let policy = try await Self.object(k, ["networkpolicy", "drawbridge-controller", "-n", Self.namespace])
            try DeploymentChecks.networkPolicy(policy, selects: deployment)

            let webhookService = try await Self.object(k, ["service", "drawbridge-webhook", "-n", Self.namespace])
            try DeploymentChecks.service(webhookService, reaches: pod, port: 443)

            for kind in ["mutatingwebhookconfiguration", "validatingwebhookconfiguration"] {
                let configuration = try await Self.object(k, [kind, "drawbridge"])
                #expect(
                    configuration[path: ["metadata", "annotations", "cert-manager.io/inject-ca-from"]]
                        == "drawbridge-system/drawbridge-webhook-cert", "\(kind)")
                let webhooks = configuration["webhooks"]?.arrayValue ?? []
                #expect(
                    webhooks.count == (kind == "mutatingwebhookconfiguration" ? 1 : 2)
                        && webhooks.allSatisfy { $0["failurePolicy"] == "Fail" }, "\(kind)")
                #expect(webhooks.allSatisfy { $0[path: ["clientConfig", "service", "name"]] == "drawbridge-webhook" })
                #expect(
                    webhooks.allSatisfy { $0[path: ["clientConfig", "caBundle"]] == nil },
                    "left to cert-manager's CA injector")
            }

            let certificate = try await Self.object(
                k, ["certificate", "drawbridge-webhook-cert", "-n", Self.namespace])
            #expect(certificate[path: ["spec", "secretName"]] == "drawbridge-webhook-cert")
            #expect(
                certificate[path: ["spec", "dnsNames"]] == [
                    "drawbridge-webhook.drawbridge-system.svc",
                    "drawbridge-webhook.drawbridge-system.svc.cluster.local",
                ])
            #expect(
                certificate[path: ["spec", "issuerRef"]] == ["kind": "Issuer", "name": "drawbridge-selfsigned-issuer"])
            let mounted = pod[path: ["spec", "volumes"]]?.arrayValue?.compactMap { $0[path: ["secret", "secretName"]] }
            #expect(
                mounted == [certificate[path: ["spec", "secretName"]] ?? .null],
                "the pod mounts the Secret cert-manager writes")

            let binding = try await Self.object(k, ["clusterrolebinding", "drawbridge-controller"])
            #expect(
                binding["roleRef"] == [
                    "apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "drawbridge-controller",
                ])
            #expect(
                binding["subjects"] == [
                    ["kind": "ServiceAccount", "name": "drawbridge-controller", "namespace": "drawbridge-system"]
                ])
            #expect(pod[path: ["spec", "serviceAccountName"]] == "drawbridge-controller")

            let table = try await k.kubectl(["get", "deploy,pdb,svc,netpol", "-n", Self.namespace])
            #expect(table.stdout.contains("deployment.apps/drawbridge-controller   0/2"), "\(table)")
            #expect(
                table.stdout.contains(
                    "networkpolicy.networking.k8s.io/drawbridge-controller   app.kubernetes.io/name=drawbridge   "),
                "\(table)")
            #expect(table.stdout.contains("poddisruptionbudget.policy/drawbridge-controller   1 "), "\(table)")

            let again = try await k.kubectl(["apply", "-k", "\(Self.root)/config/default"], timeout: 60)
            #expect(again.status == 0, "\(again)")
            let lines = again.stdout.split(separator: "\n")
            #expect(
                !lines.isEmpty && lines.allSatisfy { $0.hasSuffix(" unchanged") || $0.hasSuffix(" configured") },
                "\(again)")
            #expect(again.stdout.contains("deployment.apps/drawbridge-controller unchanged"), "\(again)")
            #expect(
                again.stdout.contains("networkpolicy.networking.k8s.io/drawbridge-controller unchanged"), "\(again)")
            // kubectl always sends a PDB's selector with `$patch: replace` (its patch strategy), so it
            // says "configured" on every apply, against a real cluster too; the object stays the same.
            #expect(again.stdout.contains("poddisruptionbudget.policy/drawbridge-controller configured"), "\(again)")
            #expect(
                try await Self.object(k, ["pdb", "drawbridge-controller", "-n", Self.namespace])["spec"]
                    == budget["spec"])
        }
    }

    @Test(
        "An overlay that sets the image, as the README describes, re-applies as configured and changes only the image")
    func imageOverlay() async throws {
        try await withKubectl { k in
            try await Self.installCRDs(
                k, AddOnCRDs.certManager, ["issuers.cert-manager.io", "certificates.cert-manager.io"])
            #expect(try await k.kubectl(["apply", "-k", "\(Self.root)/config/default"], timeout: 60).status == 0)
            let overlay = k.directory.appendingPathComponent("overlay")
            try FileManager.default.createDirectory(at: overlay, withIntermediateDirectories: true)
            // Kustomize takes bases by relative path.
            let up = String(repeating: "../", count: overlay.standardizedFileURL.pathComponents.count - 1)
            try Data(
                """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - \(up)\(Self.root.drop { $0 == "/" })/config/default
                images:
                  - name: drawbridge
                    newName: registry.example.com/drawbridge
                    newTag: v0.1.0
                """.utf8
            ).write(to: overlay.appendingPathComponent("kustomization.yaml"))
            let applied = try await k.kubectl(["apply", "-k", overlay.path], timeout: 60)
            #expect(applied.status == 0, "\(applied)")
            #expect(applied.stdout.contains("deployment.apps/drawbridge-controller configured\n"), "\(applied)")
            #expect(applied.stdout.contains("service/drawbridge-webhook unchanged\n"), "\(applied)")
            let deployment = try await Self.object(k, ["deployment", "drawbridge-controller", "-n", Self.namespace])
            #expect(deployment[path: ["metadata", "generation"]] == 2)
            try DeploymentChecks.controller(deployment, image: "registry.example.com/drawbridge:v0.1.0")
        }
    }

    /// The two NetworkPolicy overlays docs/operations.md shows, as written there.
    static let networkPolicySource = """
        patches:
          - target: {kind: NetworkPolicy, name: drawbridge-controller}
            patch: |-
              - op: replace
                path: /spec/ingress/0/from/1/ipBlock/cidr
                value: 10.0.0.0/24
        """
    static let networkPolicyRemoved = """
        patches:
          - patch: |-
              $patch: delete
              apiVersion: networking.k8s.io/v1
              kind: NetworkPolicy
              metadata: {name: drawbridge-controller, namespace: drawbridge-system}
        """

    @Test(
        "The NetworkPolicy overlays of docs/operations.md apply: one sets the API server's source, the other leaves the policy out",
        arguments: [true, false])
    func networkPolicyOverlays(setsSource: Bool) async throws {
        let snippet = setsSource ? Self.networkPolicySource : Self.networkPolicyRemoved
        let operations = try String(contentsOfFile: "\(Self.root)/docs/operations.md", encoding: .utf8)
        #expect(operations.contains("```yaml\n\(snippet)\n```"), "docs/operations.md shows this overlay")
        try await withKubectl { k in
            try await Self.installCRDs(
                k, AddOnCRDs.certManager, ["issuers.cert-manager.io", "certificates.cert-manager.io"])
            let overlay = k.directory.appendingPathComponent("overlay")
            try FileManager.default.createDirectory(at: overlay, withIntermediateDirectories: true)
            let up = String(repeating: "../", count: overlay.standardizedFileURL.pathComponents.count - 1)
            try Data(
                """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - \(up)\(Self.root.drop { $0 == "/" })/config/default
                \(snippet)
                """.utf8
            ).write(to: overlay.appendingPathComponent("kustomization.yaml"))
            let applied = try await k.kubectl(["apply", "-k", overlay.path], timeout: 60)
            #expect(applied.status == 0, "\(applied)")
            let got = try await k.kubectl([
                "get", "networkpolicy", "drawbridge-controller", "-n", Self.namespace, "-o", "json",
            ])
            if setsSource {
                let policy = try JSONValue.parse(Array(got.stdout.utf8))
                #expect(
                    policy[path: ["spec", "ingress"]]?.arrayValue?.first?["from"] == [
                        ["namespaceSelector": ["matchLabels": ["kubernetes.io/metadata.name": "kube-system"]]],
                        ["ipBlock": ["cidr": "10.0.0.0/24"]],
                    ])
            } else {
                #expect(got.status != 0 && got.stderr.contains("NotFound"), "\(got)")
                #expect(applied.stdout.contains("deployment.apps/drawbridge-controller created"), "\(applied)")
            }
        }
    }

    @Test(
        "config/prometheus applies once the Prometheus operator's CRDs exist: the alerts, and a scrape of the metrics port every 30s"
    )
    func applyPrometheus() async throws {
        try await withKubectl { k in
            try await Self.installCRDs(
                k, AddOnCRDs.certManager, ["issuers.cert-manager.io", "certificates.cert-manager.io"])
            #expect(try await k.kubectl(["apply", "-k", "\(Self.root)/config/default"], timeout: 60).status == 0)
            try await Self.installCRDs(k, AddOnCRDs.prometheusOperator, AddOnCRDs.prometheusOperatorNames)
            let applied = try await k.kubectl(["apply", "-k", "\(Self.root)/config/prometheus"])
            #expect(applied.status == 0, "\(applied)")
            #expect(
                applied.stdout == """
                    service/drawbridge-metrics created
                    prometheusrule.monitoring.coreos.com/drawbridge created
                    servicemonitor.monitoring.coreos.com/drawbridge-controller created

                    """, "\(applied)")
            let rules = try await Self.object(k, ["prometheusrule", "drawbridge", "-n", Self.namespace])
            let alerts = rules[path: ["spec", "groups"]]?.arrayValue?.flatMap { $0["rules"]?.arrayValue ?? [] } ?? []
            let names = Set(alerts.compactMap { $0["alert"]?.stringValue })
            let described: Set = [
                "DrawbridgeRevocationLag", "DrawbridgeNoLeader", "DrawbridgeWebhookDenialsSpike",
                "DrawbridgeAuditSinkFailing", "DrawbridgeReconcileErrors",
            ]
            #expect(names.isSuperset(of: described), "the alerts docs/operations.md describes: \(names)")
            let deployment = try await Self.object(k, ["deployment", "drawbridge-controller", "-n", Self.namespace])
            let service = try await Self.object(k, ["service", "drawbridge-metrics", "-n", Self.namespace])
            try DeploymentChecks.service(service, reaches: deployment[path: ["spec", "template"]] ?? .null, port: 8080)
            #expect(service[path: ["spec", "ports"]]?.arrayValue?.first?["name"] == "metrics")
            let monitor = try await Self.object(k, ["servicemonitor", "drawbridge-controller", "-n", Self.namespace])
            let selector = monitor[path: ["spec", "selector", "matchLabels"]]?.stringMap ?? [:]
            let labels = service[path: ["metadata", "labels"]]?.stringMap ?? [:]
            #expect(
                !selector.isEmpty && selector.allSatisfy { labels[$0.key] == $0.value },
                "the ServiceMonitor selects the metrics Service")
            let webhookLabels =
                try await Self.object(k, ["service", "drawbridge-webhook", "-n", Self.namespace])[path: [
                    "metadata", "labels",
                ]]?.stringMap ?? [:]
            #expect(!selector.allSatisfy { webhookLabels[$0.key] == $0.value }, "and not the webhook Service")
            #expect(
                monitor[path: ["spec", "endpoints"]] == [
                    ["port": "metrics", "path": "/metrics", "scheme": "http", "interval": "30s"]
                ])
            let again = try await k.kubectl(["apply", "-k", "\(Self.root)/config/prometheus"])
            #expect(again.stdout.contains("service/drawbridge-metrics unchanged"), "\(again)")
            // Uninstall in the README's order: each step succeeds, and the namespace goes.
            let monitoring = try await k.kubectl(
                ["delete", "-k", "\(Self.root)/config/prometheus", "--ignore-not-found"], timeout: 60)
            #expect(monitoring.status == 0, "\(monitoring)")
            let rest = try await k.kubectl(
                ["delete", "-k", "\(Self.root)/config/default", "--ignore-not-found"], timeout: 60)
            #expect(rest.status == 0, "\(rest)")
            let gone = try await k.kubectl(["get", "namespace", Self.namespace])
            #expect(gone.status != 0 && gone.stderr.contains("NotFound"), "\(gone)")
        }
    }
}
