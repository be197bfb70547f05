import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeTesting
import Synchronization
import Testing

@testable import DrawbridgeControllers

/// The requester index answers "which requests has alice" from her own entries, and stays right as
/// requests come, change and go (of both kinds).
@Suite struct RequesterIndexTests {
    static func request(_ name: String, namespace: String? = "demo", requester: String) -> AccessRequest {
        var request = AccessRequest.fixture(name: name, requester: requester)
        request.metadata.namespace = namespace
        return request
    }

    @Test func requestsAreFiledUnderTheirRequesterAndLeaveWhenDeletedOrUnreadable() {
        let index = RequesterIndex()
        let alice = Self.request("a", requester: "alice")
        let bob = Self.request("b", requester: "bob")
        let wide = ClusterAccessRequest(Self.request("w", namespace: nil, requester: "alice"))
        index.apply(CacheChange.upserted(alice, old: nil)) { $0.spec.requester?.username }
        index.apply(CacheChange.upserted(bob, old: nil)) { $0.spec.requester?.username }
        index.apply(CacheChange.upserted(wide, old: nil)) { $0.spec.requester?.username }
        #expect(index.keys(of: "alice") == [ObjectKey(namespace: nil, name: "w"), alice.key].sorted())
        #expect(index.keys(of: "bob") == [bob.key])
        // A request whose requester changes (the webhook stamps it) moves.
        var stamped = bob
        stamped.spec.requester = UserIdentity(username: "alice")
        index.apply(CacheChange.upserted(stamped, old: bob)) { $0.spec.requester?.username }
        #expect(index.keys(of: "bob") == [])
        #expect(index.keys(of: "alice").contains(bob.key))
        index.apply(CacheChange<AccessRequest>.deleted(alice)) { $0.spec.requester?.username }
        index.apply(CacheChange<AccessRequest>.removedUndecodable(key: bob.key)) { $0.spec.requester?.username }
        #expect(index.keys(of: "alice") == [ObjectKey(namespace: nil, name: "w")])
        #expect(index.state.withLock { $0.requester.count } == 1)
    }

    @Test func theControllerJudgesARequesterByTheIndexedRequestsOfBothKinds() async throws {
        var policy = AccessPolicy.fixture(required: 0, approverGroups: nil)
        policy.spec.maxActivePerRequester = 2
        var clusterPolicy = AccessPolicy.fixture(name: "cluster-edit", required: 0, approverGroups: nil).clusterScoped()
        clusterPolicy.spec.maxActivePerRequester = 2
        let h = try await ControllerHarness(policies: [policy, clusterPolicy])
        try await h.start()
        try await h.create(AccessRequest.fixture(name: "one"))
        try await h.createClusterWide(AccessRequest.fixture(name: "two"))
        try await h.waitFor("one", phase: .active)
        try await h.waitForClusterWide("two", phase: .active)
        let caches = try #require(h.controller?.caches)
        try await h.eventually("both are indexed under alice") {
            caches.requests(by: "alice").count == 2 ? true : nil
        }
        #expect(Set(caches.requests(by: "alice").map(\.kind)) == ["AccessRequest", "ClusterAccessRequest"])
        #expect(caches.requests(by: "bob").isEmpty)
        await h.stop()
    }
}
