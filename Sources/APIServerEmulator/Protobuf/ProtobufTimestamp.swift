import DrawbridgeAPI

/// Renders `metav1.Time` / `metav1.MicroTime` protobuf messages (`{1: seconds, 2: nanos}`) as RFC 3339.
///
/// apimachinery marshals a zero Time as an empty message, so an empty message means "absent", while a
/// message that carries `seconds: 0` is the Unix epoch. The fraction is computed from the integer
/// nanos, not through `Double`, so `.123456` never turns into `.123455` (`RFC3339.format(seconds:nanos:)`).
enum ProtobufTimestamp {
    /// 0001-01-01T00:00:00Z, the earliest time RFC 3339 (and Go's JSON encoder) can write.
    static let minimumSeconds: Int64 = -62_135_596_800
    /// 9999-12-31T23:59:59Z, the latest.
    static let maximumSeconds: Int64 = 253_402_300_799

    /// The RFC 3339 text, or nil for an empty (zero) timestamp.
    ///
    /// `fractionalDigits` is 0 for Time (truncated to seconds like its JSON form) and 6 for MicroTime.
    static func decode(_ bytes: ArraySlice<UInt8>, fractionalDigits: Int, path: String) throws -> String? {
        var seconds: Int64?
        var nanos: Int64?
        var reader = ProtobufReader(bytes)
        while let field = try reader.readField() {
            guard field.number == 1 || field.number == 2 else { continue }
            guard case .varint(let raw) = field.value else {
                throw ProtobufDecodingError.wrongWireType(
                    field: path, found: field.wireType.rawValue, expected: ProtobufWireType.varint.rawValue)
            }
            if field.number == 1 {
                seconds = Int64(bitPattern: raw)
            } else {
                nanos = Int64(Int32(truncatingIfNeeded: raw))
            }
        }
        guard seconds != nil || nanos != nil else { return nil }
        return try format(seconds: seconds ?? 0, nanos: nanos ?? 0, fractionalDigits: fractionalDigits, path: path)
    }

    /// Formats a validated (seconds, nanos) pair in UTC.
    static func format(seconds: Int64, nanos: Int64, fractionalDigits: Int, path: String) throws -> String {
        guard (minimumSeconds...maximumSeconds).contains(seconds), (0..<1_000_000_000).contains(nanos) else {
            throw ProtobufDecodingError.invalidTime(field: path)
        }
        return RFC3339.format(seconds: seconds, nanos: nanos, fractionalDigits: fractionalDigits)
    }
}
