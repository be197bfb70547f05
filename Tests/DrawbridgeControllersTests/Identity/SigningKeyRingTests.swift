import DrawbridgeControllers
import DrawbridgeTesting
import Foundation
import Testing

/// The key ring as stored in the Secret: which keys it holds, which one signs when, and what
/// rotating and retiring do to it. Pure, on fixed times.
@Suite("Signing key ring")
struct SigningKeyRingTests {
    static func bytes(_ value: UInt8) -> [UInt8] { Array(repeating: value, count: 32) }
    static func base64(_ value: UInt8) -> String { Data(bytes(value)).base64EncodedString() }

    @Test("Data keys name when a key starts signing; the single-key format is the legacy key")
    func names() throws {
        let key = try SigningKey(bytes: Self.bytes(1), activeFrom: Fixtures.t0.addingTimeInterval(0.7))
        #expect(key.name == "hmac-sha256.20270115T080000Z.key")
        #expect(key.activeFrom == Fixtures.t0)
        #expect(key.description == "hmac-sha256.20270115T080000Z.key (signs from 2027-01-15T08:00:00Z)")
        let legacy = try SigningKey(bytes: Self.bytes(2), activeFrom: nil)
        #expect(legacy.name == "hmac-sha256.key" && legacy.isLegacy)
    }

    @Test("A Secret's data is read into a ring, oldest first, leaving other data keys alone")
    func parse() throws {
        let ring = try SigningKeyRing(secretData: [
            "hmac-sha256.20270115T080100Z.key": Self.base64(3), "hmac-sha256.key": Self.base64(1),
            "hmac-sha256.20270115T080000Z.key": Self.base64(2), "notes": "aGk=",
        ])
        #expect(
            ring.keys.map(\.name) == [
                "hmac-sha256.key", "hmac-sha256.20270115T080000Z.key", "hmac-sha256.20270115T080100Z.key",
            ])
        #expect(ring.keys.map(\.bytes) == [Self.bytes(1), Self.bytes(2), Self.bytes(3)])
        #expect(try SigningKeyRing(secretData: ring.secretData) == ring)
        #expect(ring.secretData["notes"] == nil)
    }

    @Test(
        "A Secret without a usable key is refused with the reason",
        arguments: [
            (
                ["other": "eA=="],
                "no signing key: expected a data key hmac-sha256.YYYYMMDDTHHMMSSZ.key or hmac-sha256.key"
            ),
            (["hmac-sha256.key": "not base64!"], "data key hmac-sha256.key is not base64"),
            (
                ["hmac-sha256.tomorrow.key": base64(1)],
                "data key hmac-sha256.tomorrow.key: the name does not say when it signs: expected hmac-sha256.YYYYMMDDTHHMMSSZ.key"
            ),
            (
                ["hmac-sha256.20271315T080000Z.key": base64(1)],
                "data key hmac-sha256.20271315T080000Z.key: the name does not say when it signs: expected hmac-sha256.YYYYMMDDTHHMMSSZ.key"
            ),
            (
                ["hmac-sha256.key": "AQID"],
                "data key hmac-sha256.key: the signing key has 3 bytes; at least 32 are needed"
            ),
        ])
    func unusable(_ data: [String: String], _ message: String) {
        do {
            _ = try SigningKeyRing(secretData: data)
            Issue.record("accepted \(data)")
        } catch {
            #expect("\(error)" == message)
        }
    }

    @Test("The key activated last at or before now signs; before any activation, the earliest")
    func signingKey() throws {
        let ring = try SigningKeyRing(keys: [
            SigningKey(bytes: Self.bytes(1), activeFrom: nil),
            SigningKey(bytes: Self.bytes(2), activeFrom: Fixtures.at(60)),
            SigningKey(bytes: Self.bytes(3), activeFrom: Fixtures.at(120)),
        ])
        #expect(ring.signingKey(at: Fixtures.at(59)).name == "hmac-sha256.key")
        #expect(ring.signingKey(at: Fixtures.at(60)).name == "hmac-sha256.20270115T080100Z.key")
        #expect(ring.signingKey(at: Fixtures.at(3600)).name == "hmac-sha256.20270115T080200Z.key")
        let future = try SigningKeyRing(keys: [
            SigningKey(bytes: Self.bytes(2), activeFrom: Fixtures.at(60)),
            SigningKey(bytes: Self.bytes(3), activeFrom: Fixtures.at(120)),
        ])
        #expect(future.signingKey(at: Fixtures.t0).name == "hmac-sha256.20270115T080100Z.key")
    }

    @Test("Rotating adds a key at its activation time, a second later when that time is taken")
    func adding() throws {
        let ring = try SigningKeyRing(keys: [SigningKey(bytes: Self.bytes(1), activeFrom: Fixtures.at(60))])
        let rotated = try ring.adding(Self.bytes(2), activeFrom: Fixtures.at(60.5))
        #expect(rotated.keys.map(\.name) == ["hmac-sha256.20270115T080100Z.key", "hmac-sha256.20270115T080101Z.key"])
        #expect(rotated.signingKey(at: Fixtures.at(61)).bytes == Self.bytes(2))
        #expect(throws: IdentitySignerError.self) { try ring.adding([1, 2], activeFrom: Fixtures.t0) }
    }

    @Test("Retiring keeps the key signing now and any that sign later, and drops the older ones")
    func retirement() throws {
        let ring = try SigningKeyRing(keys: [
            SigningKey(bytes: Self.bytes(1), activeFrom: nil),
            SigningKey(bytes: Self.bytes(2), activeFrom: Fixtures.at(60)),
            SigningKey(bytes: Self.bytes(3), activeFrom: Fixtures.at(120)),
        ])
        let (kept, retiring) = ring.retirement(at: Fixtures.at(90))
        #expect(retiring.map(\.name) == ["hmac-sha256.key"])
        #expect(kept.keys.map(\.name) == ["hmac-sha256.20270115T080100Z.key", "hmac-sha256.20270115T080200Z.key"])
        let (all, none) = ring.retirement(at: Fixtures.at(30))
        #expect(none.isEmpty && all == ring)
    }
}
