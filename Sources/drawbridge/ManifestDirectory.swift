import Foundation

/// Finds the folder holding Drawbridge's `crds/`, `config/` and `examples/`: `drawbridge dev` applies
/// them as a cluster admin would. Looks at an explicit `--manifests` folder, then the working
/// directory and its parents, then the executable's folder and its parents (`swift run` builds under
/// `.build/` inside the checkout).
enum ManifestDirectory {
    static func locate(explicit: String?) throws -> URL {
        if let explicit {
            let url = URL(fileURLWithPath: explicit)
            guard holdsManifests(url) else {
                throw CLIError("--manifests \(explicit): expected a folder with crds/, config/rbac/ and examples/")
            }
            return url
        }
        let starts = [
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
            URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
                .deletingLastPathComponent(),
        ]
        for start in starts {
            var directory = start.standardizedFileURL
            while true {
                if holdsManifests(directory) { return directory }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        throw CLIError(
            "cannot find Drawbridge's crds/, config/ and examples/ folders; run from the checkout or pass --manifests DIR"
        )
    }

    static func holdsManifests(_ url: URL) -> Bool {
        ["crds", "config/rbac", "examples/policies"].allSatisfy {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(
                atPath: url.appendingPathComponent($0).path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }
    }

    /// The YAML files directly in `folder` (not kustomization files), sorted.
    static func yamlFiles(in folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix("kustomization") }
            .sorted().map { folder.appendingPathComponent($0) }
    }
}
