import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgePlugin
import DrawbridgeTesting
import Testing

/// The plugin judges a ClusterAccessRequest as the webhook does: by Cluster policies only.
@Suite("Plugin policy context: request scope")
struct PolicyContextScopeTests {
    @Test("A cluster-wide request is governed by a Cluster policy, never by a namespaced one")
    func scope() {
        let clusterWide = AccessRequest.fixture(.clusterWide())
        let namespaced = AccessRequest.fixture()
        let cluster = PolicyContext(policies: [AccessPolicy.fixture(name: "cluster-edit").clusterScoped()])
        let everywhere = PolicyContext(policies: [AccessPolicy.fixture(namespaces: ["*"])])
        #expect(cluster.evaluate(clusterWide).isAllowed)
        #expect(!cluster.evaluate(namespaced).isAllowed)
        #expect(!everywhere.evaluate(clusterWide).isAllowed)
        #expect(everywhere.evaluate(namespaced).isAllowed)
        #expect(cluster.input(for: clusterWide).clusterWide)
    }
}
