/// Renders `metav1.Time` / `metav1.MicroTime` protobuf messages (`{1: seconds, 2: nanos}`) as RFC 3339.
///
/// apimachinery marshals a zero Time as an empty message, so an empty message means "absent", while a
/// message that carries `seconds: 0` is the Unix epoch. The fraction is computed from the integer
/// nanos, not through `Double`, so `.123456` never turns into `.123455`; the same format as
/// `RFC3339.format` (`...Z`, 0 or 6 fractional digits), computed with integers only.
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
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
        text += pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if fractionalDigits > 0 {
            text += "." + pad(nanos, 9).prefix(fractionalDigits)
        }
        return text + "Z"
    }

    /// Proleptic Gregorian date for a day count (Howard Hinnant's `civil_from_days`), like Go's `time`.
    ///
    /// Foundation's calendar switches to Julian before 1582, which would print year 1 two days off.
    private static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = daysSinceEpoch + 719_468
        let (era, dayOfEra) = floorDivide(shifted, 146_097)
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let remainder = ((value % divisor) + divisor) % divisor
        return ((value - remainder) / divisor, remainder)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
