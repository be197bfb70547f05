import ArgumentParser
import DrawbridgeAPI
import DrawbridgeCore

/// `drawbridge validate`: checks manifests offline with the same rules the controller applies, so a
/// bad AccessRequest or AccessPolicy is caught in CI instead of in the cluster.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check AccessRequest and AccessPolicy manifests without a cluster.",
        discussion: """
            Decodes every document and applies the controller's own checks: role kind, duration syntax, \
            required reason, policy durations, approvers, reason pattern, namespaces and label selectors, and \
            forbidden rules that would forbid nothing. spec.requester is set by the server, so its absence is \
            not reported here. Exits 1 when any object is invalid.
            """)

    @Argument(help: "Manifest files or folders (folders are searched for .yaml, .yml and .json).")
    var paths: [String]

    func run() throws {
        var problems = 0
        var objects = 0
        for file in try ManifestFiles.load(paths) {
            for manifest in file.manifests {
                objects += 1
                for problem in ManifestCheck.problems(of: manifest) {
                    problems += 1
                    print("\(file.path): \(manifest.displayName): \(problem)")
                }
            }
        }
        guard problems == 0 else {
            print("\(problems) problem(s) in \(objects) object(s)")
            throw ExitCode(1)
        }
        print("\(objects) object(s) valid")
    }
}
