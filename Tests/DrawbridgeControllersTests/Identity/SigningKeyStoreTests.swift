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
        let store = SigningKeyStore(client: harness.client("controller"))
        let first = try await store.loadOrCreate()
        let secret = try await harness.client("admin").get(
            Secret.self, name: SigningKeyStore.defaultName, namespace: SigningKeyStore.defaultNamespace)
        let key = try #require(secret.data?[SigningKeyStore.dataKey].flatMap { Data(base64Encoded: $0) })
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
                    == "Secret drawbridge-system/drawbridge-signing-key has no hmac-sha256.key; delete it and the controller generates a new key"
            )
        }
    }
}
