import DrawbridgeAPI
import DrawbridgeTesting
import Foundation
import Testing

@testable import DrawbridgeControllers

/// Rotation without disruption, at the signature level: what key 1 signed keeps verifying while
/// key 1 is in the ring, key 2 signs once active, retiring key 1 touches nothing key 2 signed, and
/// the signatures copied from one request verify on no other.
@Suite("Signing key rotation")
struct KeyRotationTests {
    static let key1 = Array(repeating: UInt8(0x11), count: 32)
    static let key2 = Array(repeating: UInt8(0x22), count: 32)

    static func ringOfKey1() throws -> SigningKeyRing {
        try SigningKeyRing(keys: [SigningKey(bytes: key1, activeFrom: Fixtures.t0)])
    }

    /// A request as the webhook stamps it, signed by `signer`, with bob's approval.
    static func request(_ name: String, signedBy signer: IdentitySigner) -> AccessRequest {
        var request = AccessRequest.fixture(name: name)
        let identity = UserIdentity(username: "alice", uid: "uid-alice", groups: ["developers"])
        request.spec.requester = signer.signed(requester: identity, namespace: "demo", name: name, spec: request.spec)
        let approval = ApprovalRecord(user: "bob", groups: ["sre"], decision: .approve, time: KubeTime(Fixtures.at(60)))
        request.status = AccessRequestStatus(phase: .active)
        request.status?.approvals = [signer.signed(approval: approval, requestUID: request.metadata.uid ?? "")]
        return request
    }

    static func verifies(_ request: AccessRequest, _ signer: IdentitySigner) -> Bool {
        signer.verifiesRequester(of: request)
            && (request.status?.approvals ?? []).allSatisfy {
                signer.verifies(approval: $0, requestUID: request.metadata.uid ?? "")
            }
    }

    @Test("Key 1's grant survives key 2's arrival; key 2 signs once active; retiring key 1 spares what key 2 signed")
    func rotation() throws {
        let ring1 = try Self.ringOfKey1()
        let first = Self.request("first", signedBy: IdentitySigner(ring: ring1, now: { Fixtures.at(10) }))

        // Key 2 is added to sign from t0+120s.
        let ring2 = try ring1.adding(Self.key2, activeFrom: Fixtures.at(120))
        let beforeActivation = IdentitySigner(ring: ring2, now: { Fixtures.at(119) })
        let afterActivation = IdentitySigner(ring: ring2, now: { Fixtures.at(120) })
        #expect(Self.verifies(first, afterActivation), "what key 1 signed still verifies")
        let early = Self.request("early", signedBy: beforeActivation)
        let second = Self.request("second", signedBy: afterActivation)
        #expect(Self.verifies(early, IdentitySigner(ring: ring1)), "until it activates, key 1 signs")
        #expect(!Self.verifies(second, IdentitySigner(ring: ring1)), "from then on, key 2 signs")
        #expect(Self.verifies(second, afterActivation))

        // Key 1 retired: what key 2 signed is untouched, what only key 1 signed no longer verifies.
        let (kept, retiring) = ring2.retirement(at: Fixtures.at(120))
        #expect(retiring.map(\.bytes) == [Self.key1])
        let retired = IdentitySigner(ring: kept)
        #expect(Self.verifies(second, retired))
        #expect(!retired.verifiesRequester(of: first))
        #expect(
            KeyRetirement.dependents(of: [first, second, early], ring: ring2, kept: kept).map(\.description) == [
                "demo/early (requester, Approve by bob)", "demo/first (requester, Approve by bob)",
            ])
    }

    @Test("Requests that have ended do not hold a key back")
    func finishedRequestsDoNotCount() throws {
        let ring1 = try Self.ringOfKey1()
        var expired = Self.request("old", signedBy: IdentitySigner(ring: ring1))
        expired.status?.phase = .expired
        let ring2 = try ring1.adding(Self.key2, activeFrom: Fixtures.at(120))
        let (kept, _) = ring2.retirement(at: Fixtures.at(120))
        #expect(KeyRetirement.dependents(of: [expired], ring: ring2, kept: kept).isEmpty)
    }

    @Test("A signed spec copied onto a request with another name or namespace verifies as nothing")
    func copiedSpec() throws {
        let signer = IdentitySigner(ring: try Self.ringOfKey1())
        let original = Self.request("original", signedBy: signer)
        var copy = AccessRequest.fixture(name: "copy")
        copy.spec = original.spec
        #expect(signer.verifiesRequester(of: original))
        #expect(!signer.verifiesRequester(of: copy))
        var moved = original
        moved.metadata.namespace = "prod"
        #expect(!signer.verifiesRequester(of: moved))
    }

    @Test("Name-free signatures from before the upgrade verify only under the legacy key, and only on the same spec")
    func legacySignatures() throws {
        let identity = UserIdentity(username: "alice", uid: "uid-alice", groups: ["developers"])
        var request = AccessRequest.fixture(name: "before-upgrade")
        request.spec.requester = identity
        let legacyKey = try SigningKey(bytes: Self.key1, activeFrom: nil)
        let signature = IdentitySigner.signature(
            IdentitySigner.legacyRequesterMessage(identity, namespace: "demo", spec: request.spec), key: legacyKey)
        request.spec.requester?.signature = signature
        #expect(try IdentitySigner(key: Self.key1).verifiesRequester(of: request))
        let sameBytesNotLegacy = try SigningKeyRing(keys: [SigningKey(bytes: Self.key1, activeFrom: Fixtures.t0)])
        #expect(!IdentitySigner(ring: sameBytesNotLegacy).verifiesRequester(of: request))
        var edited = request
        edited.spec.duration = "8h"
        #expect(try !IdentitySigner(key: Self.key1).verifiesRequester(of: edited))
        // The name-free form never covered breakGlass or startAt: copied onto a request that sets
        // either, it vouches for nothing.
        var glass = request
        glass.spec.breakGlass = true
        #expect(try !IdentitySigner(key: Self.key1).verifiesRequester(of: glass))
        var scheduled = request
        scheduled.spec.startAt = KubeTime(Fixtures.at(3600))
        #expect(try !IdentitySigner(key: Self.key1).verifiesRequester(of: scheduled))
        // Rotated and retired, the legacy key takes its name-free signatures with it.
        let ring = try SigningKeyRing(keys: [legacyKey]).adding(Self.key2, activeFrom: Fixtures.t0)
        #expect(IdentitySigner(ring: ring).verifiesRequester(of: request))
        #expect(!IdentitySigner(ring: ring.retirement(at: Fixtures.t0).kept).verifiesRequester(of: request))
    }
}
