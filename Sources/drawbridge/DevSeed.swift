import DrawbridgeAPI
import Foundation
import KubeClient

/// What `drawbridge dev` puts in the embedded cluster, in order: CRDs, the controller's namespace
/// and RBAC (`config/`), the demo team's bindings and the example policies (`examples/`), and a
/// `demo` namespace.
struct DevSeed {
    let root: URL
    let admin: KubeClient

    func apply() async throws {
        // Of config/manager only the namespace: the Deployment runs images, and dev runs the
        // controller in process instead.
        var files = ManifestDirectory.yamlFiles(in: root.appendingPathComponent("crds"))
        files.append(root.appendingPathComponent("config/manager/namespace.yaml"))
        for folder in ["config/rbac", "examples/rbac", "examples/policies"] {
            files += ManifestDirectory.yamlFiles(in: root.appendingPathComponent(folder))
        }
        for file in files {
            try await applyFile(file)
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
                try await admin.createOrReplace(document)
            }
        } catch {
            throw CLIError("\(file.path): \(error)")
        }
    }
}
