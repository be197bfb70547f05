import DrawbridgeAPI
import DrawbridgeCore
import Foundation
import Testing

@Suite("HumanDuration")
struct HumanDurationTests {
    @Test(
        "Ages print like duration.HumanDuration at every boundary",
        arguments: [
            (-5.0, "<invalid>"), (-2.0, "<invalid>"), (-1.5, "0s"), (-1.0, "0s"), (0.0, "0s"), (0.9, "0s"),
            (1.0, "1s"), (16.0, "16s"), (119.0, "119s"), (120.0, "2m"), (121.0, "2m1s"), (303.0, "5m3s"),
            (599.0, "9m59s"), (600.0, "10m"), (659.0, "10m"), (10_799.0, "179m"), (10_800.0, "3h"),
            (11_100.0, "3h5m"), (28_799.0, "7h59m"), (28_800.0, "8h"), (172_799.0, "47h"), (172_800.0, "2d"),
            (176_400.0, "2d1h"), (691_199.0, "7d23h"), (691_200.0, "8d"), (63_071_999.0, "729d"),
            (63_072_000.0, "2y"), (63_158_400.0, "2y1d"), (252_287_999.0, "7y364d"), (252_288_000.0, "8y"),
            (1_000_000_000.0, "31y"),
        ] as [(Double, String)])
    func boundaries(seconds: Double, expected: String) {
        #expect(HumanDuration.format(seconds) == expected)
    }

    @Test("Non-finite durations print as invalid instead of crashing")
    func nonFinite() {
        #expect(HumanDuration.format(.infinity) == "<invalid>")
        #expect(HumanDuration.format(.nan) == "<invalid>")
        #expect(HumanDuration.format(1e300).hasSuffix("y"))
    }

    @Test("The age of a timestamp is measured from the given now, and unreadable timestamps are unknown")
    func ageOfTimestamp() {
        let now = RFC3339.parse("2026-11-22T18:50:17Z") ?? .distantPast
        #expect(HumanDuration.age(of: .string("2026-11-22T18:50:01Z"), now: now) == "16s")
        #expect(HumanDuration.age(of: .string("2026-11-22T18:50:01.500000Z"), now: now) == "15s")
        #expect(HumanDuration.age(of: .string("yesterday"), now: now) == "<unknown>")
        #expect(HumanDuration.age(of: nil, now: now) == "<unknown>")
    }
}
