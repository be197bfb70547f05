import DrawbridgeTesting
import Foundation

/// Finds and reads every `*.jsonl` file of the shared RBAC vectors.
///
/// The directory is `$DRAWBRIDGE_RBAC_VECTORS` (relative paths resolve against the package root) or
/// `../shared/testdata/rbac` next to the package. Problems are returned as `.invalid` vectors so
/// that a missing or empty directory fails the test instead of running nothing.
enum RBACVectorLoader {
    /// The environment variable that points the tests at another vector directory.
    static let environmentVariable = "DRAWBRIDGE_RBAC_VECTORS"

    /// Every vector, in file name then line order; never empty.
    static let all: [RBACVector] = load()

    /// The vector directory the tests read.
    static func vectorDirectory() -> URL? {
        guard let root = PackageRoot.url else { return nil }
        let configured = ProcessInfo.processInfo.environment[environmentVariable] ?? ""
        let path = configured.isEmpty ? "../shared/testdata/rbac" : configured
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL }
        return root.appendingPathComponent(path).standardizedFileURL
    }

    private static func load() -> [RBACVector] {
        let nowhere = RBACVector.Origin(file: environmentVariable, line: 0, source: "vector directory")
        guard let directory = vectorDirectory() else {
            return [.invalid(problem: "cannot find the package root from \(#filePath)", nowhere)]
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasSuffix(".jsonl") }.sorted()
        } catch {
            return [.invalid(problem: "cannot list \(directory.path): \(error)", nowhere)]
        }
        var vectors: [RBACVector] = []
        for name in names {
            let origin = RBACVector.Origin(file: name, line: 0, source: directory.path)
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path),
                let text = String(data: data, encoding: .utf8)
            else {
                vectors.append(.invalid(problem: "cannot read \(name) as UTF-8", origin))
                continue
            }
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                guard !line.allSatisfy(\.isWhitespace) else { continue }
                vectors.append(RBACVector.decode(line: Data(line.utf8), file: name, lineNumber: index + 1))
            }
        }
        if vectors.isEmpty {
            return [.invalid(problem: "no vectors in any *.jsonl file of \(directory.path)", nowhere)]
        }
        return vectors
    }
}
