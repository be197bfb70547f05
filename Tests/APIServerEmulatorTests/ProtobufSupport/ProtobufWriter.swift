import DrawbridgeAPI
import Foundation

/// A tiny protobuf encoder for tests: builds request bodies field by field so each decoder test
/// states its input in terms of field numbers, the way the Kubernetes `.proto` files do.
struct ProtobufWriter {
    /// The bytes written so far.
    var bytes: [UInt8] = []

    /// Builds one message.
    static func message(_ build: (inout ProtobufWriter) -> Void) -> [UInt8] {
        var writer = ProtobufWriter()
        build(&writer)
        return writer.bytes
    }

    /// Base-128 varint encoding.
    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var out: [UInt8] = []
        while value >= 0x80 {
            out.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
        return out
    }

    /// Writes a tag.
    mutating func tag(_ field: Int, wireType: Int) {
        bytes += Self.varint(UInt64(field << 3 | wireType))
    }

    /// Writes a varint field (int32/int64 negatives are sign-extended, as Go does).
    mutating func int(_ field: Int, _ value: Int64) {
        tag(field, wireType: 0)
        bytes += Self.varint(UInt64(bitPattern: value))
    }

    /// Writes a bool field.
    mutating func bool(_ field: Int, _ value: Bool) {
        int(field, value ? 1 : 0)
    }

    /// Writes a length-delimited field.
    mutating func bytes(_ field: Int, _ payload: [UInt8]) {
        tag(field, wireType: 2)
        bytes += Self.varint(UInt64(payload.count)) + payload
    }

    /// Writes a string field.
    mutating func string(_ field: Int, _ text: String) {
        bytes(field, Array(text.utf8))
    }

    /// Writes an embedded message field.
    mutating func message(_ field: Int, _ build: (inout ProtobufWriter) -> Void) {
        bytes(field, Self.message(build))
    }

    /// Writes one `map<string, string>` entry.
    mutating func mapEntry(_ field: Int, _ key: String, _ value: String) {
        message(field) { $0.string(1, key); $0.string(2, value) }
    }

    /// Writes one `map<string, bytes>` entry.
    mutating func mapEntry(_ field: Int, _ key: String, bytes value: [UInt8]) {
        message(field) { $0.string(1, key); $0.bytes(2, value) }
    }

    /// Writes a `metav1.Time`/`MicroTime` field.
    mutating func time(_ field: Int, seconds: Int64, nanos: Int64 = 0) {
        message(field) { $0.int(1, seconds); $0.int(2, nanos) }
    }

    /// Writes a fixed64 field (unknown to every Kubernetes schema; used to test skipping).
    mutating func fixed64(_ field: Int, _ value: UInt64) {
        tag(field, wireType: 1)
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    /// Writes a fixed32 field.
    mutating func fixed32(_ field: Int, _ value: UInt32) {
        tag(field, wireType: 5)
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}

/// Builders for whole request bodies and expected JSON.
enum ProtobufFixtures {
    /// `k8s\0` + runtime.Unknown around `raw`, written like client-go (empty encoding and type included).
    static func body(apiVersion: String, kind: String, raw: [UInt8]) -> [UInt8] {
        [0x6B, 0x38, 0x73, 0x00] + ProtobufWriter.message { unknown in
            unknown.message(1) { $0.string(1, apiVersion); $0.string(2, kind) }
            unknown.bytes(2, raw)
            unknown.string(3, "")
            unknown.string(4, "")
        }
    }

    /// Bytes from a hex string; spaces are ignored.
    static func hex(_ text: String) -> [UInt8] {
        let digits = Array(text.filter { !$0.isWhitespace })
        return stride(from: 0, to: digits.count - 1, by: 2).compactMap { UInt8(String(digits[$0...$0 + 1]), radix: 16) }
    }

    /// Parses a JSON literal for comparisons.
    static func json(_ text: String) throws -> JSONValue {
        try JSONCoding.decoder.decode(JSONValue.self, from: Data(text.utf8))
    }

    /// A gogo-style ObjectMeta with only a name: every other scalar written empty, as kubectl does.
    static func minimalMeta(_ name: String, namespace: String = "") -> (inout ProtobufWriter) -> Void {
        { meta in
            meta.string(1, name)
            meta.string(2, "")
            meta.string(3, namespace)
            meta.string(4, "")
            meta.string(5, "")
            meta.string(6, "")
            meta.int(7, 0)
            meta.bytes(8, [])
        }
    }
}

/// A deterministic generator (SplitMix64) so fuzz-style tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
