/// A bounds-checked cursor over protobuf wire-format bytes.
///
/// Request bodies come from the network, so every read checks its bounds and throws a
/// `ProtobufDecodingError` instead of trapping: no input, however hostile, may crash the emulator.
/// Offsets in errors are indices into the original buffer (slices keep their base indices).
public struct ProtobufReader: Sendable {
    private let bytes: ArraySlice<UInt8>
    private var position: Int

    /// Reads `bytes` from the start.
    public init(_ bytes: [UInt8]) {
        self.init(bytes[...])
    }

    /// Reads a slice, e.g. an embedded message returned by `readLengthDelimited()`.
    public init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.position = bytes.startIndex
    }

    /// True once every byte has been consumed.
    public var isAtEnd: Bool { position >= bytes.endIndex }

    /// The index of the next byte to read.
    public var offset: Int { position }

    /// Reads a base-128 varint of at most 10 bytes that fits in 64 bits.
    public mutating func readVarint() throws -> UInt64 {
        let start = position
        var result: UInt64 = 0
        for index in 0..<10 {
            guard position < bytes.endIndex else { throw ProtobufDecodingError.truncated(offset: start) }
            let byte = bytes[position]
            position += 1
            // The tenth byte may only contribute the 64th bit.
            if index == 9 && byte > 1 { throw ProtobufDecodingError.malformedVarint(offset: start) }
            result |= UInt64(byte & 0x7F) << UInt64(7 * index)
            if byte & 0x80 == 0 { return result }
        }
        throw ProtobufDecodingError.malformedVarint(offset: start)
    }

    /// Reads eight little-endian bytes.
    public mutating func readFixed64() throws -> UInt64 {
        try readLittleEndian(count: 8)
    }

    /// Reads four little-endian bytes.
    public mutating func readFixed32() throws -> UInt32 {
        UInt32(truncatingIfNeeded: try readLittleEndian(count: 4))
    }

    /// Reads a length prefix and returns that many bytes as a slice of the input.
    public mutating func readLengthDelimited() throws -> ArraySlice<UInt8> {
        let start = position
        let length = try readVarint()
        guard length <= UInt64(bytes.endIndex - position) else {
            throw ProtobufDecodingError.truncated(offset: start)
        }
        let end = position + Int(length)
        defer { position = end }
        return bytes[position..<end]
    }

    /// Reads a tag and splits it into a field number (1...2^29-1) and a supported wire type.
    public mutating func readTag() throws -> (number: Int, wireType: ProtobufWireType) {
        let start = position
        let key = try readVarint()
        let number = key >> 3
        guard number >= 1, number <= 0x1FFF_FFFF else {
            throw ProtobufDecodingError.invalidFieldNumber(number, offset: start)
        }
        let rawType = Int(key & 7)
        guard let wireType = ProtobufWireType(rawValue: rawType) else {
            throw ProtobufDecodingError.unsupportedWireType(rawType, offset: start)
        }
        return (Int(number), wireType)
    }

    /// Reads the next whole field, or returns nil at the end of the input.
    ///
    /// Callers skip unknown fields simply by ignoring what this returns.
    public mutating func readField() throws -> ProtobufField? {
        guard !isAtEnd else { return nil }
        let (number, wireType) = try readTag()
        switch wireType {
        case .varint: return ProtobufField(number: number, value: .varint(try readVarint()))
        case .fixed64: return ProtobufField(number: number, value: .fixed64(try readFixed64()))
        case .lengthDelimited: return ProtobufField(number: number, value: .lengthDelimited(try readLengthDelimited()))
        case .fixed32: return ProtobufField(number: number, value: .fixed32(try readFixed32()))
        }
    }

    /// Reads every remaining field; convenient for small messages.
    public mutating func readAllFields() throws -> [ProtobufField] {
        var fields: [ProtobufField] = []
        while let field = try readField() { fields.append(field) }
        return fields
    }

    private mutating func readLittleEndian(count: Int) throws -> UInt64 {
        guard bytes.endIndex - position >= count else { throw ProtobufDecodingError.truncated(offset: position) }
        var result: UInt64 = 0
        for index in 0..<count {
            result |= UInt64(bytes[position + index]) << UInt64(8 * index)
        }
        position += count
        return result
    }
}
