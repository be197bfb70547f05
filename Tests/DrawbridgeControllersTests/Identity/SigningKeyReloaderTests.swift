import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeTesting
import Foundation
import KubeClient
import Testing

/// A running controller picks up a rotated or retired key without a restart, and a broken edit of
/// the Secret never leaves it without the keys it had.
@Suite("Signing key reloading", .timeLimit(.minutes(3)))
struct SigningKeyReloaderTests {
    static func setUp() async throws -> (EmulatorHarness, SigningKeyStore, SigningKeyReloader) {
        let harness = try await EmulatorHarness()
        let clock = harness.clock
        let store = SigningKeyStore(client: harness.client("controller"), now: { clock.date })
        let reloader = SigningKeyReloader(
            store: store, initial: try await store.loadOrCreateRing(), clock: clock, now: { clock.date })
        return (harness, store, reloader)
    }

    @Test("A key added to the Secret is used after the next reload; the signer handed out earlier sees it")
    func rotation() async throws {
        let (harness, _, reloader) = try await Self.setUp()
        let signer = reloader.signer
        let record = ApprovalRecord(user: "bob", decision: .approve, time: KubeTime(Fixtures.t0))
        let byKey1 = signer.signed(approval: record, requestUID: "u")

        let admin = SigningKeyStore(client: harness.client("admin"))
        let (secret, ring) = try #require(try await admin.read())
        let key2 = IdentitySigner.generateKey()
        try await admin.write(try ring.adding(key2, activeFrom: harness.clock.date), into: secret)

        let running = Task { try await reloader.run() }
        await harness.clock.waitForSleepers(atLeast: 1)
        await harness.clock.advance(by: SigningKeyReloader.defaultInterval)
        try await waitUntil("the reloader uses both keys") { reloader.ring.keys.count == 2 }
        running.cancel()

        let byKey2 = signer.signed(approval: record, requestUID: "u")
        let onlyKey2 = IdentitySigner(ring: try SigningKeyRing(keys: [SigningKey(bytes: key2, activeFrom: nil)]))
        #expect(onlyKey2.verifies(approval: byKey2, requestUID: "u"), "the new key signs")
        #expect(signer.verifies(approval: byKey1, requestUID: "u"), "what the old key signed still verifies")
        #expect(await reloader.reload() == .unchanged)
    }

    @Test("A Secret that disappears or breaks keeps the keys in use, and says why")
    func brokenSecret() async throws {
        let (harness, _, reloader) = try await Self.setUp()
        let before = reloader.ring
        let admin = harness.client("admin")
        var secret = try await admin.get(
            Secret.self, name: SigningKeyStore.defaultName, namespace: SigningKeyStore.defaultNamespace)
        secret.data = ["hmac-sha256.key": "not base64"]
        _ = try await admin.update(secret)
        #expect(
            await reloader.reload()
                == .rejected(
                    "Secret drawbridge-system/drawbridge-signing-key: data key hmac-sha256.key is not base64; delete it and the controller generates a new key"
                ))
        #expect(reloader.ring == before)
        _ = try await admin.delete(
            Secret.self, name: SigningKeyStore.defaultName, namespace: SigningKeyStore.defaultNamespace)
        #expect(await reloader.reload() == .rejected("Secret drawbridge-system/drawbridge-signing-key is gone"))
        #expect(reloader.ring == before)
    }

    func waitUntil(_ what: String, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while ContinuousClock.now < deadline {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(2))
        }
        Issue.record("timed out waiting until \(what)")
    }
}
