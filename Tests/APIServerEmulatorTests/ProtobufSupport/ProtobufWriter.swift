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
        message(field) {
            $0.string(1, key); $0.string(2, value)
        }
    }

    /// Writes one `map<string, bytes>` entry.
    mutating func mapEntry(_ field: Int, _ key: String, bytes value: [UInt8]) {
        message(field) {
            $0.string(1, key); $0.bytes(2, value)
        }
    }

    /// Writes a `metav1.Time`/`MicroTime` field.
    mutating func time(_ field: Int, seconds: Int64, nanos: Int64 = 0) {
        message(field) {
            $0.int(1, seconds); $0.int(2, nanos)
        }
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
