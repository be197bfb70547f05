import DrawbridgeAPI
import Foundation
import KubeClient

/// What `drawbridge dev` puts in the embedded cluster, in order: CRDs, the controller's namespace
/// and RBAC (`config/`), the built-in notification channel, the demo team's bindings and the example
/// policies (`examples/`, routed to that channel; with `--notify-url`, the example webhook channel
/// and policy wiring too), and a `demo` namespace.
struct DevSeed {
    let root: URL
    let admin: KubeClient
    /// The built-in notification channel and `--notify-url`; nil with `--no-notifications`.
    var notifications: DevNotifications? = nil

    func apply() async throws {
        // Of config/manager only the namespace: the Deployment runs images, and dev runs the
        // controller in process instead.
        var files = ManifestDirectory.yamlFiles(in: root.appendingPathComponent("crds"))
        files.append(root.appendingPathComponent("config/manager/namespace.yaml"))
        for folder in ["config/rbac", "examples/rbac", "examples/policies"] {
            files += ManifestDirectory.yamlFiles(in: root.appendingPathComponent(folder))
        }
        if notifications?.notifyURL != nil {
            // The example webhook channel and the policy wiring (not the placeholder Slack channel).
            files += ["webhook-channel.yaml", "policy.yaml"].map {
                root.appendingPathComponent("examples/notifications/\($0)")
            }
        }
        for file in files {
            try await applyFile(file)
        }
        for document in notifications?.terminalManifests ?? [] {
            try await admin.createOrReplace(document)
        }
        try await admin.createOrReplace(
            .object([
                "apiVersion": "v1", "kind": "Namespace",
                "metadata": .object(["name": "demo", "labels": .object(["env": "demo"])]),
            ]))
    }

    func applyFile(_ file: URL) async throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        do {
            for document in try YAMLJSON.documents(in: text) {
                try await admin.createOrReplace(notifications?.adapt(document) ?? document)
            }
        } catch {
            throw CLIError("\(file.path): \(error)")
        }
    }
}
