import DrawbridgeAPI

/// JSON merge patch (RFC 7386), the `application/merge-patch+json` body of `kubectl patch --type=merge`
/// and of `kubectl apply` on custom resources.
///
/// Exists as a pure function so PATCH handling, client-side apply and status updates share one definition:
/// `null` deletes a member, objects merge recursively, anything else (arrays included) replaces.
public enum MergePatch {
    /// Applies `patch` to `target` as RFC 7386 section 2 describes.
    ///
    /// A non-object patch replaces the target; a non-object target is treated as `{}` when the patch is an
    /// object. Nulls nested in members the target lacks are dropped, never stored.
    public static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let patchFields) = patch else { return patch }
        var result = target.objectValue ?? [:]
        for (key, value) in patchFields {
            if value == .null {
                result.removeValue(forKey: key)
            } else {
                result[key] = apply(value, to: result[key] ?? .null)
            }
        }
        return .object(result)
    }

    /// The merge patch that turns `original` into `modified` (the inverse of `apply`), for callers that want
    /// to describe a change the way kubectl would send it.
    public static func diff(from original: JSONValue, to modified: JSONValue) -> JSONValue {
        guard case .object(let before) = original, case .object(let after) = modified else { return modified }
        var patch: [String: JSONValue] = [:]
        for (key, _) in before where after[key] == nil { patch[key] = .null }
        for (key, value) in after {
            guard let old = before[key] else {
                patch[key] = value
                continue
            }
            if old == value { continue }
            if case .object = old, case .object = value {
                patch[key] = diff(from: old, to: value)
            } else {
                patch[key] = value
            }
        }
        return .object(patch)
    }
}
