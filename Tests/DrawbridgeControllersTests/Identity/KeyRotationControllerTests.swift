import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeTesting
import Foundation
import KubeClient
import Testing

/// Rotation against the running controller and webhook, both signing and verifying with the ring
/// the reloader re-reads from the Secret: a grant key 1 signed stays Active after key 2 is added
/// and signs; a request and approval made after that are signed by key 2; retiring key 1 leaves
/// key 2's grant alone (and, as `drawbridge keys retire` warns, revokes what only key 1 signed).
@Suite("Signing key rotation with the controller running", .timeLimit(.minutes(3)))
struct KeyRotationControllerTests {
    @Test func rotationKeepsLiveGrantsAndRetiringTheOldKeySparesWhatTheNewOneSigned() async throws {
        let h = try await ControllerHarness()
        let clock = h.clock
        let store = SigningKeyStore(client: h.emulator.client("controller"), now: { clock.date })
        let reloader = SigningKeyReloader(
            store: store, initial: try await store.loadOrCreateRing(), clock: clock, now: { clock.date })
        let caller = try #require(h.emulator.admissionCaller)
        caller.admission.signer = reloader.signer
        try await h.start(identity: .signed(by: reloader.signer))
        let reloading = Task { try await reloader.run() }
        defer { reloading.cancel() }

        try await h.create(AccessRequest.fixture(name: "first"))
        try await h.waitFor("first", phase: .pending)
        try await h.review("first", as: "bob")
        try await h.waitFor("first", phase: .active)

        // An admin rotates: key 2 signs a minute from now.
        let admin = SigningKeyStore(client: h.emulator.client("admin"))
        let (secret, ring1) = try #require(try await admin.read())
        try await admin.write(
            try ring1.adding(IdentitySigner.generateKey(), activeFrom: clock.date.addingTimeInterval(60)), into: secret)
        try await h.eventually("the reloader holds both keys") { () -> Bool? in
            await clock.advance(by: .seconds(1))
            return reloader.ring.keys.count == 2 ? true : nil
        }
        let ring2 = reloader.ring
        let key2 = try #require(ring2.keys.last)
        await clock.advance(by: .seconds(61))
        #expect(ring2.signingKey(at: clock.date) == key2)

        // key 1's grant still stands: tampering with it is repaired, not revoked.
        try await Self.deleteBinding(h, "first")
        try await h.eventually("first's binding is put back") { try await h.binding(of: "first") }
        #expect(try await h.request("first").status?.phase == .active)

        // A new request and its approval are signed by key 2.
        try await h.create(AccessRequest.fixture(name: "second"))
        try await h.waitFor("second", phase: .pending)
        try await h.review("second", as: "bob")
        let second = try await h.waitFor("second", phase: .active)
        let onlyKey2 = IdentitySigner(ring: try SigningKeyRing(keys: [key2]))
        #expect(onlyKey2.verifiesRequester(of: second))
        #expect(
            second.status?.approvals?.allSatisfy {
                onlyKey2.verifies(approval: $0, requestUID: second.metadata.uid ?? "")
            }
                == true)

        // What retiring key 1 would break is what `drawbridge keys retire` names before refusing.
        let (kept, retiring) = ring2.retirement(at: clock.date)
        #expect(retiring.map(\.name) == [ring1.keys[0].name])
        let first = try await h.request("first")
        #expect(
            KeyRetirement.dependents(of: [first, second], ring: ring2, kept: kept).map(\.description) == [
                "demo/first (requester, Approve by bob)"
            ])

        // Retired anyway: key 2's grant is untouched; key 1's is revoked on its next pass.
        let (current, _) = try #require(try await admin.read())
        try await admin.write(kept, into: current)
        try await h.eventually("the reloader drops key 1") { () -> Bool? in
            await clock.advance(by: .seconds(1))
            return reloader.ring.keys.count == 1 ? true : nil
        }
        try await Self.deleteBinding(h, "second")
        try await h.eventually("second's binding is put back") { try await h.binding(of: "second") }
        #expect(try await h.request("second").status?.phase == .active)
        try await Self.deleteBinding(h, "first")
        let revoked = try await h.waitFor("first", phase: .revoked)
        #expect(revoked.status?.conditions?.first { $0.type == "Granted" }?.reason == "RequesterUnverified")
        await h.stop()
    }

    static func deleteBinding(_ h: ControllerHarness, _ name: String) async throws {
        _ = try await h.emulator.client("admin").delete(RoleBinding.self, name: "drawbridge-\(name)", namespace: "demo")
    }
}
