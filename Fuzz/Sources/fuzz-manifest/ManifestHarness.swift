import DrawbridgeAPI
import DrawbridgeCore
import FuzzSupport

/// Manifest files as `drawbridge validate` and `drawbridge policy check` read them (YAML, several
/// documents, `List`s): any text decodes or is refused with a `ManifestError`, never traps, and every
/// decoded object is checked as the cluster would check it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzManifest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let manifests = try? Manifest.decodeAll(FuzzInput(data, size).text) else { return 0 }
    for manifest in manifests {
        _ = manifest.displayName
        _ = ManifestCheck.problems(of: manifest)
    }
    return 0
}
