/// Go's `time.Duration` text format (`90s`, `1h30m`, `1.5h`, `300ms`), parsed and printed exactly
/// as Kubernetes users write it in manifests.
public enum GoDuration {
    private static let units: [(name: String, nanoseconds: Int64)] = [
        ("ns", 1), ("us", 1_000), ("µs", 1_000), ("μs", 1_000), ("ms", 1_000_000),
        ("s", 1_000_000_000), ("m", 60_000_000_000), ("h", 3_600_000_000_000),
    ]

    /// Parses `text`; negative values are accepted only when `allowNegative` (Drawbridge never needs them).
    public static func parse(_ text: String, allowNegative: Bool = false) throws(DurationError) -> Duration {
        let invalid = DurationError(text: text, problem: .syntax)
        var chars = Substring(text)
        guard !chars.isEmpty else { throw DurationError(text: text, problem: .empty) }
        var negative = false
        if chars.first == "-" || chars.first == "+" {
            negative = chars.first == "-"
            chars = chars.dropFirst()
        }
        if chars == "0" { return .zero }
        guard !chars.isEmpty else { throw invalid }
        var total: Int64 = 0
        while !chars.isEmpty {
            let integer = chars.prefix(while: \.isASCIIDigit)
            chars = chars.dropFirst(integer.count)
            var fraction: Substring = ""
            if chars.first == "." {
                chars = chars.dropFirst()
                fraction = chars.prefix(while: \.isASCIIDigit)
                chars = chars.dropFirst(fraction.count)
            }
            guard !(integer.isEmpty && fraction.isEmpty) else { throw invalid }
            let unitText = chars.prefix(while: { !$0.isASCIIDigit && $0 != "." })
            chars = chars.dropFirst(unitText.count)
            guard !unitText.isEmpty else {
                throw DurationError(text: text, problem: chars.isEmpty ? .missingUnit : .syntax)
            }
            guard let unit = units.first(where: { $0.name == unitText }) else {
                throw DurationError(text: text, problem: .unknownUnit(String(unitText)))
            }
            let overflow = DurationError(text: text, problem: .overflow)
            guard let whole = Int64(integer.isEmpty ? "0" : integer) else { throw overflow }
            let (scaled, o1) = whole.multipliedReportingOverflow(by: unit.nanoseconds)
            guard !o1 else { throw overflow }
            var part = scaled
            // Fractions are scaled digit by digit, as Go does, so `1.5h` is exact. The fraction can
            // carry a whole part just below the limit over it (`2562047.9h`): that is too large too.
            var scale = unit.nanoseconds
            for digit in fraction {
                scale /= 10
                guard scale > 0 else { break }
                let (sum, carried) = part.addingReportingOverflow(Int64(digit.wholeNumberValue ?? 0) * scale)
                guard !carried else { throw overflow }
                part = sum
            }
            let (sum, o2) = total.addingReportingOverflow(part)
            guard !o2 else { throw overflow }
            total = sum
        }
        if negative {
            guard allowNegative else { throw DurationError(text: text, problem: .negative) }
            total = -total
        }
        return .nanoseconds(total)
    }

    /// Formats as Go's `Duration.String()` does (`1h30m0s`, `1.5s`, `0s`).
    public static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        var nanos = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        if nanos == 0 { return "0s" }
        let sign = nanos < 0 ? "-" : ""
        nanos = abs(nanos)
        if nanos < 1_000_000_000 {
            for (unit, size) in [("ms", Int64(1_000_000)), ("µs", 1_000), ("ns", 1)] where nanos >= size {
                return sign + decimal(nanos, size) + unit
            }
        }
        let hours = nanos / 3_600_000_000_000
        let minutes = (nanos / 60_000_000_000) % 60
        let secondsPart = nanos % 60_000_000_000
        var text = decimal(secondsPart, 1_000_000_000) + "s"
        if hours > 0 || minutes > 0 { text = "\(minutes)m" + text }
        if hours > 0 { text = "\(hours)h" + text }
        return sign + text
    }

    /// Short human form for messages (`1h30m`, `15m`, `90s` -> `1m30s`): Go's form without zero tails.
    public static func humanize(_ duration: Duration) -> String {
        var text = format(duration)
        if text.hasSuffix("m0s") { text.removeLast(2) }
        if text.hasSuffix("h0m") { text.removeLast(2) }
        return text
    }

    private static func decimal(_ value: Int64, _ unit: Int64) -> String {
        let whole = value / unit
        var fraction = String(value % unit)
        guard fraction != "0" else { return String(whole) }
        let width = String(unit).count - 1
        fraction = String(repeating: "0", count: width - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(whole).\(fraction)"
    }
}

/// Why a duration string was refused; `description` is the message users see.
public struct DurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The closed set of ways a duration can be wrong.
    public enum Problem: Hashable, Sendable {
        /// Nothing was given.
        case empty
        /// Not of the form number+unit, repeated.
        case syntax
        /// A number without a unit, such as `30`.
        case missingUnit
        /// A unit Go does not know, such as `d` or `w`.
        case unknownUnit(String)
        /// Larger than about 292 years.
        case overflow
        /// Negative durations make no sense for grants.
        case negative
    }

    public var text: String
    public var problem: Problem

    public var description: String {
        let hint = "use a Go duration such as \"90s\", \"15m\" or \"1h30m\""
        switch problem {
        case .empty: return "duration is empty: \(hint)"
        case .syntax: return "invalid duration \"\(text)\": \(hint)"
        case .missingUnit: return "invalid duration \"\(text)\": missing unit (ns, us, ms, s, m, h): \(hint)"
        case .unknownUnit(let unit):
            return "invalid duration \"\(text)\": unknown unit \"\(unit)\" (valid units are ns, us, ms, s, m, h)"
        case .overflow: return "invalid duration \"\(text)\": too large"
        case .negative: return "invalid duration \"\(text)\": must not be negative"
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
