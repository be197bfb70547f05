import DrawbridgeAPI
import DrawbridgeTesting
import Foundation
import Testing

/// Kubernetes timestamps: read and written with integers, agreeing with Foundation's ISO 8601
/// styles wherever those use the Gregorian calendar (from 1582), and with Go before that.
@Suite("RFC 3339 timestamps")
struct RFC3339Tests {
    @Test(
        "Known instants, offsets and fractions",
        arguments: [
            ("2027-01-15T08:00:00Z", 1_800_000_000.0),
            ("2027-01-15T10:00:00+02:00", 1_800_000_000),
            ("2027-01-15T02:30:00-05:30", 1_800_000_000),
            ("1970-01-01T00:00:00Z", 0),
            ("1969-12-31T23:59:59Z", -1),
            ("2024-02-29T12:00:00Z", 1_709_208_000),
            ("2027-01-15T08:00:00.5Z", 1_800_000_000.5),
            ("2027-01-15T08:00:00.250000Z", 1_800_000_000.25),
            // Go keeps nanoseconds: digits after the ninth are dropped.
            ("1970-01-01T00:00:00.1234567899999Z", 0.123456789),
            // Go's zero time and the last second RFC 3339 can write.
            ("0001-01-01T00:00:00Z", -62_135_596_800),
            ("9999-12-31T23:59:59Z", 253_402_300_799),
        ])
    func known(_ text: String, _ seconds: Double) {
        #expect(RFC3339.parse(text) == Date(timeIntervalSince1970: seconds))
    }

    @Test("Text that is not a timestamp, or names no real instant, is nil")
    func refused() {
        // Foundation's ISO 8601 style accepted the last four, rolling each over to another instant;
        // kube-apiserver refuses them as a date-time, and so does Drawbridge.
        for text in [
            "", "yesterday", "2027-01-15", "2027-01-15T08:00:00", "2027-01-15 08:00:00Z", "2027-13-01T00:00:00Z",
            "2026-02-30T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T23:59:60Z", "2026-01-01T10:00:00+0200",
        ] {
            #expect(RFC3339.parse(text) == nil, "\(text)")
        }
    }

    @Test("Formatting: whole seconds, or six digits truncated; Go's zero time; the integer form of the emulator")
    func formatting() {
        let instant = Date(timeIntervalSince1970: 1_800_000_000.1234569)
        #expect(RFC3339.format(instant, fractionalDigits: 0) == "2027-01-15T08:00:00Z")
        #expect(RFC3339.format(instant, fractionalDigits: 6) == "2027-01-15T08:00:00.123456Z")
        #expect(
            RFC3339.format(Date(timeIntervalSince1970: -62_135_596_800), fractionalDigits: 0) == "0001-01-01T00:00:00Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: -0.5), fractionalDigits: 6) == "1969-12-31T23:59:59.500000Z")
        #expect(
            RFC3339.format(seconds: 1_800_000_000, nanos: 123_456_789, fractionalDigits: 9)
                == "2027-01-15T08:00:00.123456789Z")
    }

    /// A random instant from 1600 to 9999, to the microsecond.
    static func instant(_ random: inout SeededRandom) -> Date {
        let seconds = Int64.random(in: -11_676_096_000...253_402_300_799, using: &random)
        return Date(
            timeIntervalSince1970: Double(seconds) + Double(Int.random(in: 0..<1_000_000, using: &random)) / 1e6)
    }

    @Test("For 5,000 random instants, formatting and parsing agree with Foundation's ISO 8601 styles")
    func agreesWithFoundation() throws {
        var random = SeededRandom(seed: 3339)
        for _ in 0..<5000 {
            let date = Self.instant(&random)
            let whole = Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
            let text = RFC3339.format(date, fractionalDigits: 0)
            #expect(text == whole.formatted(Date.ISO8601FormatStyle()))
            #expect(RFC3339.parse(text) == whole)

            let micro = RFC3339.format(date, fractionalDigits: 6)
            let foundation = try Date(micro, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
            let parsed = try #require(RFC3339.parse(micro), "\(micro)")
            #expect(abs(parsed.timeIntervalSince1970 - foundation.timeIntervalSince1970) < 1e-6, "\(micro)")

            let minutes = Int.random(in: -(14 * 60)...(14 * 60), using: &random)
            let sign = minutes < 0 ? "-" : "+"
            let offset = String(format: "%@%02d:%02d", sign, abs(minutes) / 60, abs(minutes) % 60)
            let local = Date(timeIntervalSince1970: whole.timeIntervalSince1970 + Double(minutes * 60))
            let shifted = String(RFC3339.format(local, fractionalDigits: 0).dropLast()) + offset
            #expect(RFC3339.parse(shifted) == whole, "\(shifted)")
            #expect(try Date(shifted, strategy: Date.ISO8601FormatStyle()) == whole, "\(shifted)")
        }
    }
}
