import Foundation

/// Decoding for informer caches: objects as the controller keeps them while it runs, without
/// `metadata.managedFields`.
///
/// The field-manager bookkeeping is often the largest part of an object (every manager's field set)
/// and nothing in Drawbridge reads it, so a cache of thousands of objects spent most of its memory,
/// and a first list much of its time, on it. Writing back an object decoded this way keeps the
/// server's entries: an update whose `managedFields` is absent leaves them as they are (Kubernetes
/// takes the live object's when the update carries none), and `ObjectMeta` encodes an absent list as
/// no member at all.
public enum CacheDecoding {
    /// Set to `true` in a decoder's `userInfo` to leave `metadata.managedFields` undecoded (nil).
    public static let omitsManagedFieldsKey = CodingUserInfoKey(rawValue: "dev.drawbridge.omitsManagedFields")

    /// A JSON decoder like `JSONCoding.decoder` that leaves `metadata.managedFields` out.
    public static var decoder: JSONDecoder {
        let decoder = JSONCoding.decoder
        if let key = omitsManagedFieldsKey { decoder.userInfo[key] = true }
        return decoder
    }

    /// True when `decoder` was asked to leave `metadata.managedFields` out.
    static func omitsManagedFields(_ decoder: Decoder) -> Bool {
        guard let key = omitsManagedFieldsKey else { return false }
        return decoder.userInfo[key] as? Bool == true
    }
}
