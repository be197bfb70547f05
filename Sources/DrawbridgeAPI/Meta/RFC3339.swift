import Foundation

/// RFC 3339 timestamps as Kubernetes writes them, read and written with integer arithmetic on the
/// proleptic Gregorian calendar, as Go's `time` package does.
///
/// Every cached object carries several timestamps, so parsing is on the start-up path: in a
/// diagnostic loop Foundation's ISO 8601 style took about 1.25 µs per timestamp and this about
/// 0.04 µs; what that does to a start is in docs/benchmarks.md. Foundation's calendar also turns
/// Julian before 1582, so Go's zero time `0001-01-01T00:00:00Z` came out two days off; and it
/// accepted what kube-apiserver refuses as a `date-time` (`2026-02-30`, `24:00:00`, `:60`, an offset
/// without its colon), rolling it over to another instant. A malformed timestamp is nil here.
public enum RFC3339 {
    /// Parses `2026-11-22T18:44:13Z`, `...13.123456Z` and `...13+02:00`; nil otherwise.
    public static func parse(_ text: String) -> Date? {
        text.utf8.withContiguousStorageIfAvailable(Self.parse(bytes:)) ?? parse(bytes: Array(text.utf8))
    }

    /// Formats in UTC with `fractionalDigits` (0 or 6) digits after the seconds.
    public static func format(_ date: Date, fractionalDigits: Int) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let micros = Int64(((date.timeIntervalSince1970 - seconds) * 1_000_000).rounded(.down))
        return format(seconds: Int64(seconds), nanos: micros * 1000, fractionalDigits: fractionalDigits)
    }

    /// Formats `seconds` since the Unix epoch plus `nanos` (0 to 999,999,999) in UTC, with
    /// `fractionalDigits` (0 to 9) digits after the seconds, truncated.
    public static func format(seconds: Int64, nanos: Int64, fractionalDigits: Int) -> String {
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
        text += pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if fractionalDigits > 0 {
            text += "." + pad(nanos, 9).prefix(fractionalDigits)
        }
        return text + "Z"
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, each field in range; nil for anything else.
    static func parse<Bytes: RandomAccessCollection<UInt8>>(bytes: Bytes) -> Date? where Bytes.Index == Int {
        var reader = Reader(bytes: bytes)
        guard let year = reader.number(4), reader.skip("-"), let month = reader.number(2), reader.skip("-"),
            let day = reader.number(2), reader.skip("T"), let hour = reader.number(2), reader.skip(":"),
            let minute = reader.number(2), reader.skip(":"), let second = reader.number(2),
            (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day), hour < 24, minute < 60,
            second < 60
        else { return nil }
        var fraction = 0.0
        if reader.skip(".") {
            // Nanoseconds at most, as Go keeps; further digits are read and dropped.
            var value: Int64 = 0
            var digits = 0
            while let digit = reader.digit() {
                if digits < 9 { value = value * 10 + digit }
                digits += 1
            }
            guard digits > 0 else { return nil }
            fraction = Double(value) / pow(10, Double(min(digits, 9)))
        }
        var offset: Int64 = 0
        if !reader.skip("Z") {
            guard let sign = reader.sign(), let hours = reader.number(2), reader.skip(":"),
                let minutes = reader.number(2), hours < 24, minutes < 60
            else { return nil }
            offset = sign * (hours * 3600 + minutes * 60)
        }
        guard reader.isAtEnd else { return nil }
        let seconds =
            daysSinceEpoch(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second - offset
        // From the reference date, as Date keeps it: the one rounding is the fraction's.
        return Date(timeIntervalSinceReferenceDate: Double(seconds - 978_307_200) + fraction)
    }

    /// Reads ASCII fields left to right.
    struct Reader<Bytes: RandomAccessCollection<UInt8>> where Bytes.Index == Int {
        let bytes: Bytes
        var index: Int

        init(bytes: Bytes) {
            self.bytes = bytes
            index = bytes.startIndex
        }

        var isAtEnd: Bool { index == bytes.endIndex }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.endIndex, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        mutating func digit() -> Int64? {
            guard index < bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else {
                return nil
            }
            defer { index += 1 }
            return Int64(bytes[index] - UInt8(ascii: "0"))
        }

        /// Exactly `count` digits.
        mutating func number(_ count: Int) -> Int64? {
            var value: Int64 = 0
            for _ in 0..<count {
                guard let digit = digit() else { return nil }
                value = value * 10 + digit
            }
            return value
        }

        /// `+` as 1, `-` as -1.
        mutating func sign() -> Int64? {
            if skip("+") { return 1 }
            if skip("-") { return -1 }
            return nil
        }
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = floorDivide(shiftedYear, 400).quotient
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day count (Howard Hinnant's `civil_from_days`).
    static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
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

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let remainder = ((value % divisor) + divisor) % divisor
        return ((value - remainder) / divisor, remainder)
    }

    static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
