import DrawbridgeAPI
import DrawbridgeTesting
import Foundation
import Testing

/// The README's one-file install, `kubectl apply -f dist/install.yaml`, and its cert-manager-free
/// variant, with the real kubectl against the emulator. (scripts/test checks separately that both
/// files are what `scripts/render-install` makes of config/default and config/self-signed.)
@Suite("kubectl apply -f dist/*.yaml", .enabled(if: KubectlHarness.kubectlPath != nil, "needs kubectl on PATH"))
struct KubectlInstallFileTests {
    static var root: String { KubectlConformanceTests.root }
    static let namespace = KubectlDeployTests.namespace

    @Test("dist/install.yaml installs what config/default does, and re-applies unchanged")
    func installFile() async throws {
        try await withKubectl { k in
            try await KubectlDeployTests.installCRDs(
                k, AddOnCRDs.certManager, ["issuers.cert-manager.io", "certificates.cert-manager.io"])
            let applied = try await k.kubectl(["apply", "-f", "\(Self.root)/dist/install.yaml"], timeout: 60)
            #expect(applied.status == 0, "\(applied)")
            for line in [
                "namespace/drawbridge-system created",
                "customresourcedefinition.apiextensions.k8s.io/accessrequests.drawbridge.dev created",
                "serviceaccount/drawbridge-controller created",
                "clusterrolebinding.rbac.authorization.k8s.io/drawbridge-controller created",
                "role.rbac.authorization.k8s.io/drawbridge-leader-election created",
                "role.rbac.authorization.k8s.io/drawbridge-signing-key created",
                "service/drawbridge-webhook created", "deployment.apps/drawbridge-controller created",
                "poddisruptionbudget.policy/drawbridge-controller created",
                "certificate.cert-manager.io/drawbridge-webhook-cert created",
                "issuer.cert-manager.io/drawbridge-selfsigned-issuer created",
                "mutatingwebhookconfiguration.admissionregistration.k8s.io/drawbridge created",
                "validatingwebhookconfiguration.admissionregistration.k8s.io/drawbridge created",
            ] {
                #expect(applied.stdout.contains(line + "\n"), "\(line)\n\(applied)")
            }
            let deployment = try await KubectlDeployTests.object(
                k, ["deployment", "drawbridge-controller", "-n", Self.namespace])
            try DeploymentChecks.controller(deployment)
            for kind in ["mutatingwebhookconfiguration", "validatingwebhookconfiguration"] {
                let configuration = try await KubectlDeployTests.object(k, [kind, "drawbridge"])
                #expect(
                    configuration[path: ["metadata", "annotations", "cert-manager.io/inject-ca-from"]]
                        == "drawbridge-system/drawbridge-webhook-cert", "\(kind)")
            }
            let again = try await k.kubectl(["apply", "-f", "\(Self.root)/dist/install.yaml"], timeout: 60)
            #expect(again.stdout.contains("deployment.apps/drawbridge-controller unchanged"), "\(again)")
            // Applying the kustomization over the file changes nothing: they are the same objects.
            let kustomized = try await k.kubectl(["apply", "-k", "\(Self.root)/config/default"], timeout: 60)
            #expect(kustomized.status == 0, "\(kustomized)")
            #expect(kustomized.stdout.contains("deployment.apps/drawbridge-controller unchanged"), "\(kustomized)")
            #expect(kustomized.stdout.contains("certificate.cert-manager.io/drawbridge-webhook-cert unchanged"))
        }
    }

    @Test(
        "dist/install-self-signed.yaml needs no cert-manager: one replica with --webhook-self-signed, replaced not rolled, no PDB"
    )
    func selfSignedFile() async throws {
        try await withKubectl { k in
            let applied = try await k.kubectl(
                ["apply", "-f", "\(Self.root)/dist/install-self-signed.yaml"], timeout: 60)
            #expect(applied.status == 0, "\(applied)")
            #expect(!applied.stdout.contains("cert-manager.io"), "\(applied)")
            #expect(!applied.stdout.contains("poddisruptionbudget"), "\(applied)")
            #expect(applied.stdout.contains("deployment.apps/drawbridge-controller created\n"), "\(applied)")
            let deployment = try await KubectlDeployTests.object(
                k, ["deployment", "drawbridge-controller", "-n", Self.namespace])
            #expect(deployment[path: ["spec", "replicas"]] == 1)
            #expect(deployment[path: ["spec", "strategy", "type"]] == "Recreate")
            let spec = deployment[path: ["spec", "template", "spec"]] ?? .null
            let container = spec["containers"]?.arrayValue?.first ?? .null
            let args = container["args"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(args.contains("--webhook-self-signed") && !args.contains { $0.hasPrefix("--webhook-cert-dir") })
            #expect(args.contains("--leader-elect"))
            #expect(spec["volumes"] == nil && container["volumeMounts"] == nil, "no certificate Secret to mount")
            #expect(
                container["env"]?.arrayValue?.first?[path: ["valueFrom", "fieldRef", "fieldPath"]]
                    == "metadata.namespace")
            for kind in ["mutatingwebhookconfiguration", "validatingwebhookconfiguration"] {
                let configuration = try await KubectlDeployTests.object(k, [kind, "drawbridge"])
                #expect(configuration[path: ["metadata", "annotations", "cert-manager.io/inject-ca-from"]] == nil)
                #expect(
                    configuration["webhooks"]?.arrayValue?.first?[path: ["clientConfig", "service", "namespace"]]
                        == "drawbridge-system")
            }
            let budget = try await k.kubectl(["get", "pdb", "-n", Self.namespace, "-o", "name"])
            #expect(budget.stdout.isEmpty, "\(budget)")
        }
    }

    @Test("The README's install section applies dist/install.yaml")
    func readme() throws {
        let readme = try String(contentsOfFile: "\(Self.root)/README.md", encoding: .utf8)
        #expect(readme.contains("kubectl apply -f dist/install.yaml"))
        #expect(readme.contains("kubectl apply -f dist/install-self-signed.yaml"))
    }
}
