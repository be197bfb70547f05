import APIServerEmulator
import DrawbridgeAPI
import DrawbridgeTesting
import EmulatorServer
import Foundation
import Testing

/// Drawbridge installed into a namespace of one's own: config/default with `namespace: team-access`,
/// rendered by kubectl's kustomize and applied to the emulator, and `drawbridge controller` started
/// as its Deployment would start it there (POD_NAMESPACE from the downward API, the ServiceAccount's
/// identity, the certificate cert-manager would mount). No flag names the namespace, yet the
/// controller keeps its Secret and Lease there and its own status writes pass its webhook.
@Suite(
    "Installed into another namespace",
    .enabled(
        if: KubectlHarness.kubectlPath != nil && CommandLineTests.binary != nil, "needs kubectl and the built binary"))
struct InstallNamespaceTests {
    static let namespace = "team-access"
    static let controllerUser = "system:serviceaccount:team-access:drawbridge-controller"

    /// config/ and crds/ copied to `directory`, `config/default`'s namespace set to `namespace`, as
    /// `kustomize edit set namespace` does; returns the folder to kustomize.
    static func configCopy(in directory: URL, namespace: String) throws -> URL {
        let root = URL(fileURLWithPath: KubectlConformanceTests.root)
        for folder in ["config", "crds"] {
            try FileManager.default.copyItem(
                at: root.appendingPathComponent(folder), to: directory.appendingPathComponent(folder))
        }
        let kustomization = directory.appendingPathComponent("config/default/kustomization.yaml")
        let text = try String(contentsOf: kustomization, encoding: .utf8)
        #expect(text.contains("\nnamespace: drawbridge-system\n"))
        try Data(
            text.replacingOccurrences(of: "\nnamespace: drawbridge-system\n", with: "\nnamespace: \(namespace)\n").utf8
        ).write(to: kustomization)
        return directory.appendingPathComponent("config/default")
    }

    @Test("kustomized into team-access and applied: the controller uses team-access's Secret and Lease and grants")
    func otherNamespace() async throws {
        let port = try DevProcess.freePort()
        let caller = HTTPAdmissionWebhookCaller(
            serviceResolver: WebhookServiceMap(baseURLs: [
                "\(Self.namespace)/drawbridge-webhook": "https://127.0.0.1:\(port)"
            ])
            .resolver)
        let suffix = String(UUID().uuidString.prefix(8)).lowercased()
        var authenticator = Authenticator.demo(tokenSuffix: suffix)
        authenticator.tokens["controller-\(suffix)"] = UserInfo(
            username: Self.controllerUser, uid: "uid-team-access-controller",
            groups: ["system:serviceaccounts", "system:serviceaccounts:\(Self.namespace)"])
        try await withKubectl(authenticator: authenticator, webhookCaller: caller) { k in
            // Render and apply, as `kubectl apply -k` on the edited kustomization would.
            let folder = try Self.configCopy(in: k.directory, namespace: Self.namespace)
            let rendered = try await k.kubectl(["kustomize", folder.path], timeout: 60)
            try #require(rendered.status == 0, "\(rendered)")
            #expect(!rendered.stdout.contains("drawbridge-system"), "every namespace reference follows")
            #expect(rendered.stdout.contains("- drawbridge-webhook.team-access.svc\n"), "the certificate's names")
            #expect(rendered.stdout.contains("cert-manager.io/inject-ca-from: team-access/drawbridge-webhook-cert"))
            #expect(
                rendered.stdout.components(
                    separatedBy:
                        "request.userInfo.username != 'system:serviceaccount:team-access:drawbridge-controller'"
                ).count == 3, "both AccessRequest webhooks let this controller's own writes skip them")
            try await KubectlDeployTests.installCRDs(
                k, AddOnCRDs.certManager, ["issuers.cert-manager.io", "certificates.cert-manager.io"])
            let applied = try await k.kubectl(
                ["apply", "-f", try k.file("install.yaml", rendered.stdout)], timeout: 60)
            try #require(applied.status == 0, "\(applied)")

            // What cert-manager would do: a serving certificate mounted for the pod, and its CA in both
            // webhook configurations (the emulator dials the Service's local address, 127.0.0.1).
            let certificates = try EmulatorCertificates.generate(
                hosts: ["127.0.0.1", "drawbridge-webhook.\(Self.namespace).svc"])
            let certDirectory = k.directory.appendingPathComponent("serving-certs")
            try FileManager.default.createDirectory(at: certDirectory, withIntermediateDirectories: true)
            try Data(certificates.serverCertificatePEM.utf8).write(to: certDirectory.appendingPathComponent("tls.crt"))
            try Data(certificates.serverKeyPEM.utf8).write(to: certDirectory.appendingPathComponent("tls.key"))
            let caBundle = Data(certificates.caPEM.utf8).base64EncodedString()
            for kind in ["mutatingwebhookconfiguration", "validatingwebhookconfiguration"] {
                let names = try await k.kubectl(["get", kind, "drawbridge", "-o", "jsonpath={.webhooks[*].name}"])
                let count = names.stdout.split(separator: " ").count
                #expect(count > 0, "\(names)")
                let operations = (0..<count).map {
                    #"{"op":"add","path":"/webhooks/\#($0)/clientConfig/caBundle","value":"\#(caBundle)"}"#
                }
                let patched = try await k.kubectl(
                    ["patch", kind, "drawbridge", "--type=json", "-p", "[\(operations.joined(separator: ","))]"])
                #expect(patched.status == 0, "\(patched)")
            }
            #expect(try await k.kubectl("create namespace demo").status == 0)

            let controller = try ChildProcess(
                [
                    "controller", "--kubeconfig", k.kubeconfigPath, "--context", Self.controllerUser,
                    "--webhook-port", String(port), "--webhook-cert-dir", certDirectory.path, "--leader-elect",
                    "--metrics-bind-address", "0", "--health-probe-bind-address", "0",
                ], in: try ChildProcess.scratchDirectory("team-access"),
                environment: ["POD_NAMESPACE": Self.namespace])
            #expect(await controller.waitForLog("became leader"), "\(controller.stderr)")
            #expect(
                controller.stderr.contains("installed in namespace team-access (from POD_NAMESPACE)"),
                "\(controller.stderr)")
            #expect(
                controller.stderr.contains(
                    "signing key Secret team-access/drawbridge-signing-key, Lease team-access/drawbridge-controller"))

            let secret = try await k.kubectl(["get", "secret", "drawbridge-signing-key", "-n", Self.namespace])
            #expect(secret.status == 0, "the controller created its signing key here: \(secret)")
            let holder = try await k.kubectl(
                [
                    "get", "lease", "drawbridge-controller", "-n", Self.namespace, "-o",
                    "jsonpath={.spec.holderIdentity}",
                ])
            #expect(holder.status == 0 && !holder.stdout.isEmpty, "\(holder)")
            let elsewhere = try await k.kubectl(["get", "namespace", "drawbridge-system"])
            #expect(elsewhere.stderr.contains("NotFound"), "nothing went to drawbridge-system: \(elsewhere)")

            // The demo team and its policy, as in the Quickstart: once the controller serves the
            // webhooks, since AccessPolicies are admitted by it too (fail closed).
            for file in ["examples/rbac/demo-team.yaml", "examples/policies/developers-edit-demo.yaml"] {
                let seeded = try await k.kubectl(["apply", "-f", "\(KubectlConformanceTests.root)/\(file)"])
                #expect(seeded.status == 0, "\(seeded)")
            }

            // The whole path: alice asks (the webhook stamps her), bob approves, the grant exists. The
            // controller's own status writes pass the webhook only because its username is right.
            let request = try String(
                contentsOfFile: "\(KubectlConformanceTests.root)/examples/requests/alice-edit-demo.yaml",
                encoding: .utf8)
            let asked = try await k.kubectl(["apply", "-f", "-"], as: "alice", stdin: request)
            #expect(asked.status == 0, "\(asked)")
            let pending = try await k.kubectl(
                [
                    "wait", "accessrequest/alice-edit-demo", "-n", "demo", "--for=jsonpath={.status.phase}=Pending",
                    "--timeout=60s",
                ], timeout: 90)
            #expect(pending.status == 0, "\(pending)\n\(controller.stderr)")
            let approved = try await k.kubectl(
                [
                    "patch", "accessrequest", "alice-edit-demo", "-n", "demo", "--subresource=status", "--type=merge",
                    "-p", #"{"status":{"review":{"decision":"Approve","comment":"ok"}}}"#,
                ], as: "bob")
            #expect(approved.status == 0, "\(approved)")
            let active = try await k.kubectl(
                [
                    "wait", "accessrequest/alice-edit-demo", "-n", "demo", "--for=jsonpath={.status.phase}=Active",
                    "--timeout=60s",
                ], timeout: 90)
            #expect(active.status == 0, "\(active)\n\(controller.stderr)")
            let binding = try await k.kubectl(["get", "rolebinding", "drawbridge-alice-edit-demo", "-n", "demo"])
            #expect(binding.status == 0, "\(binding)")

            #expect(await controller.stop(signal: SIGTERM) == 0, "\(controller.stderr)")
            #expect(controller.stderr.contains("released the lease"))
        }
    }

    @Test("Setting the namespace in an overlay instead leaves the certificate's names behind (the README's caveat)")
    func overlayCaveat() async throws {
        try await withKubectl { k in
            let overlay = k.directory.appendingPathComponent("overlay")
            try FileManager.default.createDirectory(at: overlay, withIntermediateDirectories: true)
            let up = String(repeating: "../", count: overlay.standardizedFileURL.pathComponents.count - 1)
            try Data(
                """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: team-access
                resources:
                  - \(up)\(KubectlConformanceTests.root.drop { $0 == "/" })/config/default
                """.utf8
            ).write(to: overlay.appendingPathComponent("kustomization.yaml"))
            let rendered = try await k.kubectl(["kustomize", overlay.path], timeout: 60)
            #expect(rendered.status == 0, "\(rendered)")
            #expect(
                rendered.stdout.contains("- drawbridge-webhook.drawbridge-system.svc\n"),
                "stale: why the README says so")
        }
    }
}
