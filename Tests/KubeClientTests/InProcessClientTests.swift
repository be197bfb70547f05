import APIServerEmulator
import DrawbridgeAPI
import DrawbridgeTesting
import KubeClient
import Testing

@Suite struct InProcessClientTests {
    @Test func createListGetAndWatchAnAccessPolicyThroughTheTypedClient() async throws {
        let harness = try await EmulatorHarness()
        let admin = harness.client("admin")
        let listed = try await admin.list(AccessPolicy.self)
        #expect(listed.items.isEmpty)
        let stream = try await admin.watch(AccessPolicy.self, resourceVersion: listed.resourceVersion)
        let created = try await admin.create(AccessPolicy.fixture(name: "p1"))
        #expect(created.metadata.uid != nil)
        let read = try await admin.get(AccessPolicy.self, name: "p1")
        #expect(read.metadata.name == "p1")
        var iterator = stream.makeAsyncIterator()
        let event = try await iterator.next()
        guard case .added(let added) = event else {
            Issue.record("expected ADDED, got \(String(describing: event))")
            return
        }
        #expect(added.metadata.name == "p1")
    }

    @Test func aMissingObjectIsANotFoundAPIErrorCarryingTheServersStatus() async throws {
        let harness = try await EmulatorHarness()
        await #expect(throws: APIError.self) { try await harness.client("admin").get(AccessPolicy.self, name: "nope") }
        do {
            _ = try await harness.client("admin").get(AccessPolicy.self, name: "nope")
        } catch let error as APIError {
            #expect(error.isNotFound)
            #expect(error.reason == "NotFound")
            #expect(error.message == "accesspolicies.drawbridge.dev \"nope\" not found")
        }
        #expect(try await harness.client("admin").getIfPresent(AccessPolicy.self, name: "nope") == nil)
    }
}
