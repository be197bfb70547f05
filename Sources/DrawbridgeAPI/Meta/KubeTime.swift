import Foundation

/// A Kubernetes `metav1.Time`: RFC 3339 in UTC, to the second.
///
/// A dedicated type (rather than a global date strategy) because Kubernetes mixes two precisions
/// in one object: `Time` for most fields and `MicroTime` for events and leases.
public struct KubeTime: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The instant, truncated to whole seconds as the API server stores it.
    public var date: Date

    /// Truncates `date` to whole seconds so that a value survives an encode/decode round trip.
    public init(_ date: Date) {
        self.date = Date(timeIntervalSince1970: (date.timeIntervalSince1970).rounded(.down))
    }

    /// Parses an RFC 3339 timestamp; nil when `text` is not one.
    public init?(rfc3339 text: String) {
        guard let date = RFC3339.parse(text) else { return nil }
        self.init(date)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = RFC3339.parse(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "invalid RFC 3339 timestamp \"\(text)\"")
        }
        self.init(date)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// `2026-11-22T18:44:13Z`
    public var description: String { RFC3339.format(date, fractionalDigits: 0) }

    public static func < (lhs: KubeTime, rhs: KubeTime) -> Bool { lhs.date < rhs.date }
}

/// A Kubernetes `metav1.MicroTime`: RFC 3339 in UTC with six fractional digits (events, leases).
public struct KubeMicroTime: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The instant, truncated to microseconds.
    public var date: Date

    /// Truncates `date` to microseconds.
    public init(_ date: Date) {
        let micros = (date.timeIntervalSince1970 * 1_000_000).rounded(.down)
        self.date = Date(timeIntervalSince1970: micros / 1_000_000)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = RFC3339.parse(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "invalid RFC 3339 timestamp \"\(text)\"")
        }
        self.init(date)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// `2026-11-22T18:44:20.000000Z`
    public var description: String { RFC3339.format(date, fractionalDigits: 6) }

    public static func < (lhs: KubeMicroTime, rhs: KubeMicroTime) -> Bool { lhs.date < rhs.date }
}

/// RFC 3339 parsing and UTC formatting without shared mutable formatters.
public enum RFC3339 {
    /// Parses `2026-11-22T18:44:13Z`, `...13.123456Z` and `...13+02:00`; nil otherwise.
    public static func parse(_ text: String) -> Date? {
        guard text.count >= 20, text.contains("T") || text.contains("t") else { return nil }
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        if let date = try? Date(text, strategy: style) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle())
    }

    /// Formats in UTC with `fractionalDigits` (0 or 6) digits after the seconds.
    public static func format(_ date: Date, fractionalDigits: Int) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let whole = Date(timeIntervalSince1970: seconds).formatted(Date.ISO8601FormatStyle())
        guard fractionalDigits > 0 else { return whole }
        let micros = Int(((date.timeIntervalSince1970 - seconds) * 1_000_000).rounded(.down))
        let fraction = String(String(micros + 1_000_000).dropFirst()).prefix(fractionalDigits)
        return String(whole.dropLast()) + "." + fraction + "Z"
    }
}
