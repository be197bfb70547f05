import DrawbridgeAPI
import Foundation

/// What a harness gets from libFuzzer, in the shapes Drawbridge's parsers take: bytes, text as the
/// process would decode it from the network or a file, and parsed JSON.
public struct FuzzInput: Sendable {
    /// The input, exactly as libFuzzer produced it.
    public let bytes: [UInt8]

    /// Copies libFuzzer's buffer (which may be a null pointer when `size` is 0).
    public init(_ data: UnsafePointer<UInt8>?, _ size: Int) {
        bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    }

    /// An input made in Swift (tests of the harnesses themselves).
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The bytes as UTF-8 text, invalid sequences replaced, as `String(decoding:)` does everywhere
    /// Drawbridge reads text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The bytes parsed as JSON, or nil when they are not JSON (most parsers refuse those first).
    public var json: JSONValue? { try? JSONValue.parse(bytes) }
}
