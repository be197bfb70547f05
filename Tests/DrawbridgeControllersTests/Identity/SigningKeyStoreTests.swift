import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeTesting
import Foundation
import KubeClient
import Testing

/// The key lives in a Secret only the controller can read; every replica and restart must agree on it.
@Suite("Signing key Secret")
struct SigningKeyStoreTests {
    @Test("The controller creates the key when missing and every later load returns the same key")
    func createThenLoad() async throws {
        let harness = try await EmulatorHarness()
        let store = SigningKeyStore(client: harness.client("controller"), now: { Fixtures.t0 })
        let first = try await store.loadOrCreate()
        let secret = try await harness.client("admin").get(
            Secret.self, name: SigningKeyStore.defaultName, namespace: SigningKeyStore.defaultNamespace)
        #expect(secret.data.map { Array($0.keys) } == ["hmac-sha256.20270115T080000Z.key"], "a ring of one key")
        let key = try #require(
            secret.data?["hmac-sha256.20270115T080000Z.key"].flatMap { Data(base64Encoded: $0) })
        #expect(key.count == 32)
        let second = try await SigningKeyStore(client: harness.client("controller")).loadOrCreate()
        let record = ApprovalRecord(user: "bob", decision: .approve, time: KubeTime(Fixtures.t0))
        #expect(second.verifies(approval: first.signed(approval: record, requestUID: "u"), requestUID: "u"))
    }

    @Test("Requesters and approvers cannot read the key; config/rbac lets only the controller")
    func onlyTheControllerReads() async throws {
        let harness = try await EmulatorHarness()
        _ = try await SigningKeyStore(client: harness.client("controller")).loadOrCreate()
        for user in ["alice", "bob"] {
            await #expect(throws: APIError.self) {
                _ = try await harness.client(user).get(
                    Secret.self, name: SigningKeyStore.defaultName, namespace: SigningKeyStore.defaultNamespace)
            }
        }
    }

    @Test("A Secret without the key is reported in one line, saying how to recover")
    func brokenSecret() async throws {
        let harness = try await EmulatorHarness()
        _ = try await harness.client("admin").create(
            Secret(
                metadata: ObjectMeta(name: SigningKeyStore.defaultName, namespace: SigningKeyStore.defaultNamespace),
                data: ["other": "eA=="]))
        do {
            _ = try await SigningKeyStore(client: harness.client("controller")).loadOrCreate()
            Issue.record("a Secret without the key was accepted")
        } catch {
            #expect(
                "\(error)"
                    == "Secret drawbridge-system/drawbridge-signing-key: no signing key: expected a data key hmac-sha256.YYYYMMDDTHHMMSSZ.key or hmac-sha256.key; delete it and the controller generates a new key"
            )
        }
    }

    @Test("The single-key Secret of earlier releases is read as a ring of its one legacy key, and keeps verifying")
    func upgradeFromASingleKey() async throws {
        let harness = try await EmulatorHarness()
        let bytes = Array(repeating: UInt8(0x42), count: 32)
        _ = try await harness.client("admin").create(
            Secret(
                metadata: ObjectMeta(name: SigningKeyStore.defaultName, namespace: SigningKeyStore.defaultNamespace),
                data: [SigningKeyStore.dataKey: Data(bytes).base64EncodedString()]))
        let ring = try await SigningKeyStore(client: harness.client("controller")).loadOrCreateRing()
        #expect(ring.keys.map(\.name) == ["hmac-sha256.key"])
        #expect(ring.keys.first?.isLegacy == true)
        let record = ApprovalRecord(user: "bob", decision: .approve, time: KubeTime(Fixtures.t0))
        let signedBefore = try IdentitySigner(key: bytes).signed(approval: record, requestUID: "u")
        #expect(IdentitySigner(ring: ring).verifies(approval: signedBefore, requestUID: "u"))
    }

    @Test("Writing a ring replaces the keys in the Secret, keeps its other data, and refuses a stale read")
    func write() async throws {
        let harness = try await EmulatorHarness()
        let admin = harness.client("admin")
        _ = try await admin.create(
            Secret(
                metadata: ObjectMeta(name: SigningKeyStore.defaultName, namespace: SigningKeyStore.defaultNamespace),
                data: [
                    SigningKeyStore.dataKey: Data(repeating: 1, count: 32).base64EncodedString(), "notes": "aGk=",
                ]))
        let store = SigningKeyStore(client: admin)
        let (secret, ring) = try #require(try await store.read())
        let rotated = try ring.adding(IdentitySigner.generateKey(), activeFrom: Fixtures.t0)
        try await store.write(rotated, into: secret)
        let (stored, reread) = try #require(try await store.read())
        #expect(reread == rotated)
        #expect(stored.data?["notes"] == "aGk=")
        await #expect(throws: APIError.self) { try await store.write(ring, into: secret) }
        #expect(try await store.read()?.1 == rotated, "the stale write changed nothing")
    }
}
