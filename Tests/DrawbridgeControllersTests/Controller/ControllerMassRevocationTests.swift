import APIServerEmulator
import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import KubeClient
import Synchronization
import Testing

/// Records the controller's calls that remove RoleBindings and ClusterRoleBindings.
final class BindingDeletes: KubeTransport {
    let inner: any KubeTransport
    private let calls = Mutex<[KubeRequest]>([])

    init(_ inner: any KubeTransport) { self.inner = inner }

    func send(_ request: KubeRequest) async throws -> KubeResponse {
        if request.method == "DELETE", request.path.contains("rolebindings") {
            calls.withLock { $0.append(request) }
        }
        return try await inner.send(request)
    }

    func stream(_ request: KubeRequest) async throws -> KubeStreamResponse { try await inner.stream(request) }

    /// deletecollection calls (no name in the path).
    var collections: [KubeRequest] { calls.withLock { $0 }.filter { $0.path.hasSuffix("rolebindings") } }
    /// Deletes of one binding.
    var singles: [KubeRequest] { calls.withLock { $0 }.filter { !$0.path.hasSuffix("rolebindings") } }
}

/// Many grants ending at one instant go in one call per namespace, none before it is due, and each
/// request still records its own expiry.
@Suite struct ControllerMassRevocationTests {
    @Test func clusterWideGrantsDueTogetherGoInOneCallBesideTheNamespacedOnes() async throws {
        let h = try await ControllerHarness(policies: [
            .fixture(required: 0, approverGroups: nil),
            AccessPolicy.fixture(name: "cluster-edit", required: 0, approverGroups: nil).clusterScoped(),
        ])
        let deletes = Mutex<BindingDeletes?>(nil)
        try await h.start(transport: { inner in
            let recorder = BindingDeletes(inner)
            deletes.withLock { $0 = recorder }
            return recorder
        })
        for index in 0..<5 {
            try await h.createClusterWide(AccessRequest.fixture(name: "w\(index)", duration: "10m"))
            try await h.create(AccessRequest.fixture(name: "n\(index)", duration: "10m"))
        }
        try await h.createClusterWide(AccessRequest.fixture(name: "w-later", duration: "20m"))
        for index in 0..<5 {
            try await h.waitForClusterWide("w\(index)", phase: .active)
            try await h.waitFor("n\(index)", phase: .active)
        }
        try await h.waitForClusterWide("w-later", phase: .active)
        try await h.settled()
        await h.clock.advance(by: .seconds(600))
        for index in 0..<5 {
            try await h.waitForClusterWide("w\(index)", phase: .expired)
            try await h.waitFor("n\(index)", phase: .expired)
        }
        try await h.settled()
        let recorder = try #require(deletes.withLock { $0 })
        #expect(
            recorder.collections.map(\.path).sorted() == [
                "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
                "/apis/rbac.authorization.k8s.io/v1/namespaces/demo/rolebindings",
            ], "one call for the ClusterRoleBindings, one for demo")
        #expect(recorder.singles.isEmpty, "none on its own: \(recorder.singles.map(\.path))")
        #expect(try await h.clusterBinding(of: "w-later") != nil, "the grant that is not due keeps its binding")
        for index in 0..<5 { #expect(try await h.clusterBinding(of: "w\(index)") == nil) }
        await h.stop()
    }

    @Test func grantsDueTogetherAreRevokedWithOneCallPerNamespaceAndNoneEarly() async throws {
        let namespaces = ["demo", "ops", "web"]
        let h = try await ControllerHarness(policies: [
            .fixture(namespaces: namespaces, required: 0, approverGroups: nil)
        ])
        for namespace in namespaces where namespace != "demo" {
            try await h.emulator.apply(yaml: "apiVersion: v1\nkind: Namespace\nmetadata: {name: \(namespace)}")
        }
        let deletes = Mutex<BindingDeletes?>(nil)
        try await h.start(transport: { inner in
            let recorder = BindingDeletes(inner)
            deletes.withLock { $0 = recorder }
            return recorder
        })
        // Ten grants per namespace, all created at the same test instant: they expire together.
        for namespace in namespaces {
            for index in 0..<10 {
                try await h.create(AccessRequest.fixture(name: "g\(index)", namespace: namespace, duration: "10m"))
            }
        }
        // And one longer grant in demo, whose binding must survive.
        try await h.create(AccessRequest.fixture(name: "later", duration: "20m"))
        for namespace in namespaces {
            for index in 0..<10 { try await h.waitFor("g\(index)", phase: .active, namespace: namespace) }
        }
        try await h.waitFor("later", phase: .active)
        try await h.settled()

        await h.clock.advance(by: .seconds(600))
        for namespace in namespaces {
            for index in 0..<10 { try await h.waitFor("g\(index)", phase: .expired, namespace: namespace) }
        }
        try await h.settled()
        let recorder = try #require(deletes.withLock { $0 })
        #expect(recorder.collections.count == 3, "one call per namespace: \(recorder.collections.map(\.path))")
        #expect(recorder.singles.isEmpty, "no binding deleted on its own: \(recorder.singles.map(\.path))")
        #expect(try await h.binding(of: "later") != nil, "the grant that is not due keeps its binding")
        #expect(try await h.request("later").status?.phase == .active)
        for namespace in namespaces {
            #expect(
                try await h.emulator.client("admin").list(RoleBinding.self, namespace: namespace).items
                    .filter { $0.metadata.labels?[Drawbridge.Keys.request]?.hasPrefix("g") == true }.isEmpty)
        }
        // Each request records its own expiry, at its expiresAt, once.
        let expired = h.audit.records.filter { $0.action == .expired }
        #expect(expired.count == 30)
        #expect(Set(expired.map(\.id)).count == 30)
        #expect(expired.allSatisfy { $0.time == $0.expiresAt })
        await h.stop()
    }
}
