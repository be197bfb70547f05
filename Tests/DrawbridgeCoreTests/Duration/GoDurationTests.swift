import DrawbridgeCore
import DrawbridgeTesting
import Testing

@Suite("Go durations")
struct GoDurationTests {
    @Test(
        "Valid Go durations parse to the exact number of nanoseconds",
        arguments: [
            ("90s", Duration.seconds(90)), ("15m", .seconds(900)), ("1h30m", .seconds(5400)), ("2h", .seconds(7200)),
            ("1.5h", .seconds(5400)), ("300ms", .milliseconds(300)), ("1m30.5s", .milliseconds(90_500)),
            ("0", .zero), ("10us", .microseconds(10)), ("10µs", .microseconds(10)), ("5ns", .nanoseconds(5)),
            ("1h0m0s", .seconds(3600)), (".5s", .milliseconds(500)), ("+5m", .seconds(300)),
            ("2562047.7h", .nanoseconds(9_223_369_200_000_000_000 + 7 * 360_000_000_000)),
            ("9223372036854775807ns", .nanoseconds(Int64.max)),
        ])
    func parses(_ text: String, _ expected: Duration) throws {
        #expect(try GoDuration.parse(text) == expected)
    }

    @Test(
        "Malformed durations give one clear message",
        arguments: [
            ("", "duration is empty: use a Go duration such as \"90s\", \"15m\" or \"1h30m\""),
            ("forever", "invalid duration \"forever\": use a Go duration such as \"90s\", \"15m\" or \"1h30m\""),
            (
                "30",
                "invalid duration \"30\": missing unit (ns, us, ms, s, m, h): use a Go duration such as \"90s\", \"15m\" or \"1h30m\""
            ),
            ("1d", "invalid duration \"1d\": unknown unit \"d\" (valid units are ns, us, ms, s, m, h)"),
            ("1h 30m", "invalid duration \"1h 30m\": unknown unit \"h \" (valid units are ns, us, ms, s, m, h)"),
            ("-5m", "invalid duration \"-5m\": must not be negative"),
            ("h", "invalid duration \"h\": use a Go duration such as \"90s\", \"15m\" or \"1h30m\""),
            ("99999999999h", "invalid duration \"99999999999h\": too large"),
            // Found by the go-duration fuzz harness: a fraction carried the largest whole number of hours
            // over Int64's nanoseconds, and the addition trapped (a crash of the webhook on any request).
            ("2562047.85h5us6s", "invalid duration \"2562047.85h5us6s\": too large"),
            ("2562047.9h", "invalid duration \"2562047.9h\": too large"),
            ("9223372036854775.9us", "invalid duration \"9223372036854775.9us\": too large"),
            ("1..5s", "invalid duration \"1..5s\": use a Go duration such as \"90s\", \"15m\" or \"1h30m\""),
        ])
    func rejects(_ text: String, _ message: String) {
        #expect(throws: DurationError.self) { try GoDuration.parse(text) }
        do {
            _ = try GoDuration.parse(text)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test(
        "Formatting matches Go's Duration.String",
        arguments: [
            (Duration.seconds(5400), "1h30m0s"), (.seconds(90), "1m30s"), (.zero, "0s"), (.milliseconds(1500), "1.5s"),
            (.milliseconds(300), "300ms"), (.seconds(3600), "1h0m0s"), (.microseconds(10), "10µs"),
        ])
    func formats(_ duration: Duration, _ text: String) {
        #expect(GoDuration.format(duration) == text)
    }

    @Test(
        "Humanized form drops zero tails",
        arguments: [
            (Duration.seconds(5400), "1h30m"), (.seconds(3600), "1h"), (.seconds(900), "15m"), (.seconds(90), "1m30s"),
        ])
    func humanizes(_ duration: Duration, _ text: String) {
        #expect(GoDuration.humanize(duration) == text)
    }

    @Test("Formatting then parsing gives the same duration for any whole number of milliseconds")
    func roundTrip() throws {
        var rng = SeededRandom(seed: 42)
        for _ in 0..<2000 {
            let millis = Int64.random(in: 0...(400 * 3_600_000), using: &rng)
            let duration = Duration.milliseconds(millis)
            #expect(try GoDuration.parse(GoDuration.format(duration)) == duration)
        }
    }
}
