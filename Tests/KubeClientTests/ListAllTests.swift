import APIServerEmulator
import DrawbridgeAPI
import DrawbridgeTesting
import KubeClient
import Synchronization
import Testing

/// Passes requests on, noting each one's query.
final class RecordingTransport: KubeTransport {
    let inner: any KubeTransport
    let queries = Mutex<[[String: String]]>([])

    init(_ inner: any KubeTransport) { self.inner = inner }

    func send(_ request: KubeRequest) async throws -> KubeResponse {
        queries.withLock { $0.append(Dictionary(request.query.map { ($0.name, $0.value) }) { $1 }) }
        return try await inner.send(request)
    }

    func stream(_ request: KubeRequest) async throws -> KubeStreamResponse {
        try await inner.stream(request)
    }
}

@Suite struct ListAllTests {
    @Test func everyPageIsReadInOrderEachAskedForWithTheTokenOfThePageBefore() async throws {
        let harness = try await EmulatorHarness()
        let admin = harness.client("admin")
        for index in 1...5 { _ = try await admin.create(AccessPolicy.fixture(name: "p\(index)")) }
        let recorder = RecordingTransport(admin.transport)
        let listed = try await KubeClient(transport: recorder).listAll(AccessPolicy.self, pageSize: 2, forCache: true)
        #expect(listed.items.map(\.metadata.name) == ["p1", "p2", "p3", "p4", "p5"])
        #expect(listed.items.allSatisfy { $0.metadata.managedFields == nil }, "decoded for the cache")
        #expect(listed.continueToken == nil)
        #expect(!listed.resourceVersion.isEmpty)
        let queries = recorder.queries.withLock { $0 }
        #expect(queries.count == 3, "three pages of at most two")
        #expect(queries.map { $0["limit"] } == ["2", "2", "2"])
        #expect(queries[0]["continue"] == nil)
        #expect(queries[1]["continue"] != nil)
        #expect(queries[2]["continue"] != nil && queries[2]["continue"] != queries[1]["continue"])
        // The plain decoder keeps managedFields.
        let plain = try await admin.listAll(AccessPolicy.self, pageSize: 2)
        #expect(plain.items.allSatisfy { $0.metadata.managedFields?.isEmpty == false })
    }

    @Test func eachItemIsTransformedAsItsPageIsReadAndTheResultHoldsTheTransformedItems() async throws {
        let harness = try await EmulatorHarness()
        let admin = harness.client("admin")
        for index in 1...5 { _ = try await admin.create(AccessPolicy.fixture(name: "p\(index)")) }
        let recorder = RecordingTransport(admin.transport)
        // Records how many pages had been asked for when each item was transformed.
        let seen = Mutex<[(name: String, pagesAsked: Int)]>([])
        let listed = try await KubeClient(transport: recorder).listAll(AccessPolicy.self, pageSize: 2) { policy in
            let pagesAsked = recorder.queries.withLock { $0.count }
            seen.withLock { $0.append((policy.metadata.name ?? "", pagesAsked)) }
            var policy = policy
            policy.metadata.labels = ["seen": "yes"]
            return policy
        }
        #expect(listed.items.map(\.metadata.name) == ["p1", "p2", "p3", "p4", "p5"])
        #expect(listed.items.allSatisfy { $0.metadata.labels == ["seen": "yes"] })
        let order = seen.withLock { $0 }
        #expect(order.map(\.name) == ["p1", "p2", "p3", "p4", "p5"])
        // Page one's items are transformed before the third page is asked for (the second is
        // prefetched), not after the last page.
        #expect(order.prefix(2).allSatisfy { $0.pagesAsked <= 2 }, "\(order)")
    }
}
