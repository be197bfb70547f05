import Foundation

/// A Kubernetes timestamp type: RFC 3339 in UTC at a fixed precision. One protocol gives both
/// precisions the same parsing and coding, so they cannot drift apart.
public protocol RFC3339Timestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Digits after the seconds on the wire: 0 for `Time`, 6 for `MicroTime`.
    static var fractionalDigits: Int { get }
    /// The instant, truncated to the type's precision.
    var date: Date { get }
    /// Truncates `date` to the type's precision.
    init(_ date: Date)
}

extension RFC3339Timestamp {
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

    public var description: String { RFC3339.format(date, fractionalDigits: Self.fractionalDigits) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.date < rhs.date }

    /// `date` rounded down to `10^-digits` seconds.
    static func truncate(_ date: Date, digits: Int) -> Date {
        let scale = pow(10.0, Double(digits))
        return Date(timeIntervalSince1970: (date.timeIntervalSince1970 * scale).rounded(.down) / scale)
    }
}

/// A Kubernetes `metav1.Time`: RFC 3339 in UTC, to the second (`2026-11-22T18:44:13Z`).
///
/// A dedicated type (rather than a global date strategy) because Kubernetes mixes two precisions
/// in one object: `Time` for most fields and `MicroTime` for events and leases.
public struct KubeTime: RFC3339Timestamp {
    public static let fractionalDigits = 0
    public let date: Date
    public init(_ date: Date) { self.date = Self.truncate(date, digits: 0) }
}

/// A Kubernetes `metav1.MicroTime`: six fractional digits (`2026-11-22T18:44:20.000000Z`); events, leases.
public struct KubeMicroTime: RFC3339Timestamp {
    public static let fractionalDigits = 6
    public let date: Date
    public init(_ date: Date) { self.date = Self.truncate(date, digits: 6) }
}
