/// The protobuf wire types; the low three bits of every field tag.
public enum ProtobufWireType: Int, Sendable, CustomStringConvertible {
    /// int32/int64/uint/bool/enum.
    case varint = 0
    /// fixed64, sfixed64, double.
    case fixed64 = 1
    /// Strings, bytes, embedded messages, map entries, packed repeated scalars.
    case lengthDelimited = 2
    /// fixed32, sfixed32, float.
    case fixed32 = 5

    /// The raw number, as it appears in error messages.
    public var description: String { String(rawValue) }
}

/// One field as it appears on the wire, before any schema gives it a meaning.
public struct ProtobufField: Sendable, Equatable {
    /// The field number from the tag.
    public var number: Int
    /// The undecoded payload.
    public var value: Value

    /// A payload per wire type; length-delimited payloads are slices of the input, not copies.
    public enum Value: Sendable, Equatable {
        /// A varint, as unsigned 64 bits (int32/int64 negatives arrive sign-extended).
        case varint(UInt64)
        /// Eight little-endian bytes.
        case fixed64(UInt64)
        /// The bytes of a string, bytes field or embedded message.
        case lengthDelimited(ArraySlice<UInt8>)
        /// Four little-endian bytes.
        case fixed32(UInt32)
    }

    /// The wire type the payload came with, for schema checks.
    public var wireType: ProtobufWireType {
        switch value {
        case .varint: .varint
        case .fixed64: .fixed64
        case .lengthDelimited: .lengthDelimited
        case .fixed32: .fixed32
        }
    }
}
