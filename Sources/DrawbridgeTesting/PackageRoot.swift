import Foundation

/// The package's root folder (the one holding `Package.swift`), so tests can read `crds/`,
/// `examples/` and the RBAC test vectors beside the checkout from any working directory.
public enum PackageRoot {
    /// Found by walking up from this source file; nil only if the sources were moved out of the package.
    public static let url: URL? = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                return directory
            }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }()

    /// The text of a file given relative to the root.
    public static func text(_ relativePath: String) throws -> String {
        guard let url else { throw CocoaError(.fileNoSuchFile) }
        return try String(contentsOf: url.appendingPathComponent(relativePath), encoding: .utf8)
    }

    /// Every `.yaml`/`.yml` file below `folder` (relative to the root), recursively, sorted, as
    /// root-relative paths.
    public static func yamlFiles(under folder: String) -> [String] {
        guard let base = url?.appendingPathComponent(folder),
            let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)
        else { return [] }
        var found: [String] = []
        for case let file as URL in walker where ["yaml", "yml"].contains(file.pathExtension) {
            found.append(folder + "/" + file.path.dropFirst(base.path.count + 1))
        }
        return found.sorted()
    }
}
