import DrawbridgeAPI
import Foundation

/// Deterministic fingerprints of JSON documents, for OpenAPI `?hash=` values and discovery's
/// `storageVersionHash`.
///
/// Exists because clients cache by these strings: they must be identical across runs for the same
/// content and change when the content changes. Foundation has no SHA on Linux, so this is 64-bit
/// FNV-1a over a canonical (sorted-key) rendering.
public enum StableHash {
    /// FNV-1a (64 bit) of `bytes`.
    public static func fnv1a64<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// Upper-case hex fingerprint of a JSON value: two FNV-1a passes (plain and salted) give 32
    /// hex digits, enough that unrelated documents do not collide in practice.
    public static func hex(of value: JSONValue) -> String {
        let text = canonicalText(value)
        let first = fnv1a64(Array(text.utf8))
        let second = fnv1a64(Array(("drawbridge:" + text).utf8))
        return hex(first) + hex(second)
    }

    /// Base64 of the 8 bytes of FNV-1a over `text`: the 12-character shape of a real `storageVersionHash`.
    public static func base64(of text: String) -> String {
        let hash = fnv1a64(Array(text.utf8))
        let bytes = (0..<8).map { UInt8(truncatingIfNeeded: hash >> (56 - 8 * UInt64($0))) }
        return Data(bytes).base64EncodedString()
    }

    /// A compact JSON rendering with object keys sorted, so equal values always render equally.
    public static func canonicalText(_ value: JSONValue) -> String {
        // JSONWire already writes sorted keys with no whitespace: one canonical form for the wire and hashes.
        String(decoding: JSONWire.encode(value), as: UTF8.self)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
