import Foundation

/// One HMAC key of the signing key ring, as stored under one data key of the Secret.
///
/// The data key says when the key starts signing: `hmac-sha256.20270115T080000Z.key` signs from
/// 2027-01-15T08:00:00Z on (UTC). `hmac-sha256.key`, the single key of the Secret format before key
/// rings, is the *legacy* key: it counts as active since always, and it alone still accepts the
/// name-free requester signatures made before signatures covered the request's name.
public struct SigningKey: Sendable, Hashable, CustomStringConvertible {
    /// The Secret's data key of the pre-ring format, kept as the legacy key of a ring.
    public static let legacyDataKey = "hmac-sha256.key"
    static let prefix = "hmac-sha256."
    static let suffix = ".key"

    /// The Secret data key it is stored under; also its name in messages.
    public let name: String
    /// When it starts signing; nil for the legacy key (active since always).
    public let activeFrom: Date?
    /// The raw key (`IdentitySigner.minimumKeyBytes` or more).
    public let bytes: [UInt8]

    /// True for the key of the pre-ring format.
    public var isLegacy: Bool { activeFrom == nil }

    /// A key that signs from `activeFrom` (whole seconds; the data key has no finer unit), or the
    /// legacy key when `activeFrom` is nil. Throws when `bytes` is too short to sign with.
    public init(bytes: [UInt8], activeFrom: Date?) throws {
        guard bytes.count >= IdentitySigner.minimumKeyBytes else {
            throw IdentitySignerError(
                "the signing key has \(bytes.count) bytes; at least \(IdentitySigner.minimumKeyBytes) are needed")
        }
        self.bytes = bytes
        let whole = activeFrom.map { Date(timeIntervalSince1970: $0.timeIntervalSince1970.rounded(.down)) }
        self.activeFrom = whole
        self.name = whole.map { Self.prefix + Self.stamp($0) + Self.suffix } ?? Self.legacyDataKey
    }

    /// The key stored under data key `name` with `bytes`; nil when `name` is not a signing key's
    /// data key at all (other data keys of the Secret are left alone).
    static func parse(name: String, bytes: [UInt8]) throws -> SigningKey? {
        if name == legacyDataKey { return try SigningKey(bytes: bytes, activeFrom: nil) }
        guard name.hasPrefix(prefix), name.hasSuffix(suffix), name.count > prefix.count + suffix.count else {
            return nil
        }
        let stamp = String(name.dropFirst(prefix.count).dropLast(suffix.count))
        guard let date = date(fromStamp: stamp) else {
            throw IdentitySignerError(
                "the name does not say when it signs: expected \(prefix)YYYYMMDDTHHMMSSZ\(suffix)")
        }
        return try SigningKey(bytes: bytes, activeFrom: date)
    }

    /// `hmac-sha256.key`, or `hmac-sha256.20270115T080000Z.key (signs from 2027-01-15T08:00:00Z)`.
    public var description: String {
        guard let activeFrom else { return "\(name) (legacy)" }
        return "\(name) (signs from \(Self.iso(activeFrom)))"
    }

    // MARK: Time stamps

    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()

    /// `20270115T080000Z`.
    static func stamp(_ date: Date) -> String {
        let c = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d%02d%02dT%02d%02d%02dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0,
            c.second ?? 0)
    }

    /// `2027-01-15T08:00:00Z`: how messages and `drawbridge keys list` show an activation time.
    public static func iso(_ date: Date) -> String {
        let c = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0,
            c.minute ?? 0, c.second ?? 0)
    }

    /// The date `stamp` names, only when it is exactly in `stamp(_:)`'s form.
    static func date(fromStamp text: String) -> Date? {
        let characters = Array(text)
        guard characters.count == 16, characters[8] == "T", characters[15] == "Z" else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            let digits = characters[range]
            guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
            return Int(String(digits))
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
            let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15)
        else { return nil }
        let components = DateComponents(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let date = utc.date(from: components), stamp(date) == text else { return nil }
        return date
    }
}
