import Testing
@testable import APIServerEmulator

@Suite("Protobuf wire reader")
struct ProtobufReaderTests {
    @Test(
        "Varints decode to the values they encode",
        arguments: [
            UInt64(0), 1, 127, 128, 300, 16_384, UInt64(UInt32.max), UInt64.max - 1, UInt64.max,
        ])
    func varintsRoundTrip(value: UInt64) throws {
        var reader = ProtobufReader(ProtobufWriter.varint(value))
        #expect(try reader.readVarint() == value)
        #expect(reader.isAtEnd)
    }

    @Test("A negative int32 arrives as a ten-byte sign-extended varint and decodes back")
    func negativeInt32() throws {
        let bytes = ProtobufWriter.varint(UInt64(bitPattern: -5))
        #expect(bytes.count == 10)
        var reader = ProtobufReader(bytes)
        #expect(Int32(truncatingIfNeeded: try reader.readVarint()) == -5)
    }

    @Test("A varint longer than ten bytes is malformed")
    func elevenByteVarint() {
        var reader = ProtobufReader([UInt8](repeating: 0x80, count: 10) + [0x00])
        #expect(throws: ProtobufDecodingError.malformedVarint(offset: 0)) { try reader.readVarint() }
    }

    @Test("A tenth varint byte above 1 overflows 64 bits and is malformed")
    func overflowingVarint() {
        var reader = ProtobufReader([UInt8](repeating: 0xFF, count: 9) + [0x02])
        #expect(throws: ProtobufDecodingError.malformedVarint(offset: 0)) { try reader.readVarint() }
    }

    @Test("A varint cut off by the end of input is truncated")
    func truncatedVarint() {
        var reader = ProtobufReader([0x96])
        #expect(throws: ProtobufDecodingError.truncated(offset: 0)) { try reader.readVarint() }
    }

    @Test("Fixed-width values are little-endian")
    func fixedWidth() throws {
        var reader = ProtobufReader([0x01, 0x02, 0x03, 0x04, 0x01, 0, 0, 0, 0, 0, 0, 0x80])
        #expect(try reader.readFixed32() == 0x0403_0201)
        #expect(try reader.readFixed64() == 0x8000_0000_0000_0001)
        #expect(reader.isAtEnd)
    }

    @Test("Fixed-width values past the end are truncated")
    func truncatedFixedWidth() {
        var reader = ProtobufReader([0x01, 0x02, 0x03])
        #expect(throws: ProtobufDecodingError.truncated(offset: 0)) { try reader.readFixed32() }
        var longer = ProtobufReader([UInt8](repeating: 0, count: 7))
        #expect(throws: ProtobufDecodingError.truncated(offset: 0)) { try longer.readFixed64() }
    }

    @Test("A length prefix longer than the remaining bytes is truncated, even a huge one")
    func truncatedLength() {
        var reader = ProtobufReader([0x05, 0x61, 0x62])
        #expect(throws: ProtobufDecodingError.truncated(offset: 0)) { try reader.readLengthDelimited() }
        var huge = ProtobufReader(ProtobufWriter.varint(UInt64.max) + [0x61])
        #expect(throws: ProtobufDecodingError.truncated(offset: 0)) { try huge.readLengthDelimited() }
    }

    @Test("Length-delimited payloads are slices that keep the offsets of the original input")
    func slicesKeepOffsets() throws {
        var outer = ProtobufReader([0x0A, 0x03, 0x08, 0x96, 0x01])
        let field = try #require(try outer.readField())
        guard case .lengthDelimited(let payload) = field.value else {
            Issue.record("expected a length-delimited field")
            return
        }
        var inner = ProtobufReader(payload)
        #expect(inner.offset == 2)
        #expect(try inner.readField() == ProtobufField(number: 1, value: .varint(150)))
        #expect(outer.isAtEnd)
    }

    @Test("All four supported wire types are read as whole fields, in order")
    func readsEveryWireType() throws {
        var writer = ProtobufWriter()
        writer.int(1, 7)
        writer.fixed64(2, 9)
        writer.string(3, "hi")
        writer.fixed32(4, 11)
        var reader = ProtobufReader(writer.bytes)
        #expect(
            try reader.readAllFields() == [
                ProtobufField(number: 1, value: .varint(7)),
                ProtobufField(number: 2, value: .fixed64(9)),
                ProtobufField(number: 3, value: .lengthDelimited(Array("hi".utf8)[...])),
                ProtobufField(number: 4, value: .fixed32(11)),
            ])
    }

    @Test("Group and reserved wire types are rejected", arguments: [3, 4, 6, 7])
    func unsupportedWireTypes(wireType: Int) {
        var reader = ProtobufReader([UInt8(1 << 3 | wireType), 0x00])
        #expect(throws: ProtobufDecodingError.unsupportedWireType(wireType, offset: 0)) { try reader.readField() }
    }

    @Test("Field number zero is invalid")
    func fieldNumberZero() {
        var reader = ProtobufReader([0x02, 0x00])
        #expect(throws: ProtobufDecodingError.invalidFieldNumber(0, offset: 0)) { try reader.readField() }
    }

    @Test("Field numbers above 2^29-1 are invalid")
    func fieldNumberTooLarge() {
        var reader = ProtobufReader(ProtobufWriter.varint(UInt64(1) << 32 | 2))
        #expect(throws: ProtobufDecodingError.invalidFieldNumber(UInt64(1) << 29, offset: 0)) {
            try reader.readField()
        }
    }

    @Test("An empty input has no fields")
    func emptyInput() throws {
        var reader = ProtobufReader([])
        #expect(try reader.readField() == nil)
    }
}
