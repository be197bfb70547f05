import APIServerEmulator
import DrawbridgeAPI
import FuzzSupport

/// PATCH bodies of type `application/strategic-merge-patch+json` (kubectl patch's default, kubectl
/// apply's for builtin kinds), directives included: a patch applies or fails with a
/// `StrategicMergePatchError`, never traps, and the result is an object.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStrategicMergePatch(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let patch = FuzzInput(data, size).json else { return 0 }
    for target in FuzzObjects.all {
        let kind = target["kind"]?.stringValue ?? ""
        guard let result = try? StrategicMergePatch.apply(patch, to: target, kind: kind) else { continue }
        invariant(result.objectValue != nil, "a strategic merge patch of a \(kind) gave \(result)")
    }
    return 0
}
