import APIServerEmulator
import DrawbridgeAPI
import FuzzSupport

/// PATCH bodies of type `application/json-patch+json` (RFC 6902) and `application/merge-patch+json`
/// (RFC 7386), applied to stored objects: a JSON patch applies or fails with a `JSONPatchError`, never
/// traps; a merge patch is idempotent, and `MergePatch.diff` is its inverse.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONPatch(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let patch = FuzzInput(data, size).json else { return 0 }
    for target in FuzzObjects.all {
        _ = try? JSONPatch.apply(patch, to: target)
        let merged = MergePatch.apply(patch, to: target)
        invariant(MergePatch.apply(patch, to: merged) == merged, "merge patch not idempotent: \(patch)")
        let diff = MergePatch.diff(from: target, to: merged)
        invariant(MergePatch.apply(diff, to: target) == merged, "diff \(diff) does not rebuild the merge of \(patch)")
    }
    return 0
}
