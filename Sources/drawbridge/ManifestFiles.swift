import ArgumentParser
import DrawbridgeAPI
import Foundation

/// Reads manifests from files and folders the way `kubectl apply -f` does: folders are walked for
/// `.yaml`, `.yml` and `.json` files in name order.
enum ManifestFiles {
    /// One decoded file.
    struct Loaded {
        var path: String
        var manifests: [Manifest]
    }

    /// Every manifest file under `paths`; a missing path is a usage error.
    static func files(under paths: [String]) throws -> [String] {
        var result: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw InputError("\(path): no such file or directory")
            }
            guard isDirectory.boolValue else {
                result.append(path)
                continue
            }
            let entries = manager.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []
            result += entries.filter(isManifest).sorted().map { (path as NSString).appendingPathComponent($0) }
        }
        return result
    }

    /// Decodes every manifest file under `paths`, failing on the first bad one with `file: problem`.
    static func load(_ paths: [String]) throws -> [Loaded] {
        try files(under: paths).map { file in
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8)
            else { throw InputError("\(file): cannot read the file as UTF-8 text") }
            do {
                return Loaded(path: file, manifests: try Manifest.decodeAll(text))
            } catch let error as ManifestError {
                throw InputError("\(file): \(error.description)")
            }
        }
    }

    static func isManifest(_ name: String) -> Bool {
        [".yaml", ".yml", ".json"].contains { name.hasSuffix($0) }
    }
}

/// A problem with the user's input files: printed as one `Error: ...` line, without usage text.
struct InputError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
