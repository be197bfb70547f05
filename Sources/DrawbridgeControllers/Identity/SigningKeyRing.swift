import Foundation

/// The identity signing keys in the Secret: the newest active key signs, every key in the ring
/// verifies. So a key can be rotated without disruption: a new key is added (it starts signing at
/// its activation time, after every replica has re-read the Secret), what the old key signed keeps
/// verifying, and the old key is retired (removed) once nothing live depends on it.
///
/// Pure: parsing, choosing the signing key at a given time, adding and retiring.
public struct SigningKeyRing: Sendable, Hashable {
    /// Oldest activation first; the legacy key (active since always) leads.
    public let keys: [SigningKey]

    /// A ring of `keys` (at least one, names distinct).
    public init(keys: [SigningKey]) throws {
        guard !keys.isEmpty else { throw IdentitySignerError("the signing key ring has no key") }
        guard Set(keys.map(\.name)).count == keys.count else {
            throw IdentitySignerError("the signing key ring names a key twice")
        }
        self.init(sorted: keys.sorted { Self.order($0) < Self.order($1) })
    }

    /// A ring of keys already checked and sorted (a non-empty part of a ring).
    private init(sorted keys: [SigningKey]) {
        self.keys = keys
    }

    /// The ring stored in a Secret's `data` (base64 values, as the API returns them): every
    /// `hmac-sha256.key` and `hmac-sha256.<time>.key`; other data keys are ignored.
    public init(secretData data: [String: String]) throws {
        var keys: [SigningKey] = []
        for (name, encoded) in data.sorted(by: { $0.key < $1.key }) {
            guard name == SigningKey.legacyDataKey || name.hasPrefix(SigningKey.prefix) else { continue }
            guard let bytes = Data(base64Encoded: encoded) else {
                throw IdentitySignerError("data key \(name) is not base64")
            }
            do {
                if let key = try SigningKey.parse(name: name, bytes: Array(bytes)) { keys.append(key) }
            } catch let error as IdentitySignerError {
                throw IdentitySignerError("data key \(name): \(error.description)")
            }
        }
        guard !keys.isEmpty else {
            throw IdentitySignerError(
                "no signing key: expected a data key \(SigningKey.prefix)YYYYMMDDTHHMMSSZ\(SigningKey.suffix) or \(SigningKey.legacyDataKey)"
            )
        }
        try self.init(keys: keys)
    }

    /// The ring as a Secret's `data` (base64 values).
    public var secretData: [String: String] {
        Dictionary(uniqueKeysWithValues: keys.map { ($0.name, Data($0.bytes).base64EncodedString()) })
    }

    /// The key that signs at `now`: the one activated last at or before `now`. When none is active
    /// yet (a clock behind the one that added them), the earliest, which every replica has too.
    public func signingKey(at now: Date) -> SigningKey {
        keys.last { ($0.activeFrom ?? .distantPast) <= now } ?? keys[0]
    }

    /// This ring with `bytes` added, signing from `activeFrom` (moved on by whole seconds past any
    /// key already activating then, so names stay distinct).
    public func adding(_ bytes: [UInt8], activeFrom: Date) throws -> SigningKeyRing {
        var start = Date(timeIntervalSince1970: activeFrom.timeIntervalSince1970.rounded(.down))
        while keys.contains(where: { $0.activeFrom == start }) { start = start.addingTimeInterval(1) }
        return try SigningKeyRing(keys: keys + [SigningKey(bytes: bytes, activeFrom: start)])
    }

    /// Splits the ring at `now`: the keys to keep (the one signing now and any activating later)
    /// and the ones retiring (every key older than the signing one).
    public func retirement(at now: Date) -> (kept: SigningKeyRing, retiring: [SigningKey]) {
        let signing = signingKey(at: now)
        let retiring = keys.filter { Self.order($0) < Self.order(signing) }
        // Always holds `signing`, so never empty.
        let kept = SigningKeyRing(sorted: keys.filter { Self.order($0) >= Self.order(signing) })
        return (kept, retiring)
    }

    static func order(_ key: SigningKey) -> Date { key.activeFrom ?? .distantPast }
}
