import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgePlugin
import DrawbridgeTesting
import Testing

/// How the plugin shows a ClusterAccessRequest (an `AccessRequest` value without a namespace): its
/// name as the review commands take it, its kind in `-o name`, `-o json` and the receipt.
@Suite("ClusterAccessRequests in the plugin's views")
struct ClusterWideViewsTests {
    static let context = PolicyContext(
        policies: [
            AccessPolicy.fixture(name: "cluster-edit", reasonPattern: "INC-[0-9]+").clusterScoped()
        ] + PluginFixtures.policies,
        clusterRoles: PluginFixtures.context.clusterRoles)

    static let wide = AccessRequest.fixture(name: "alice-nodes", .clusterWide())

    @Test("ls shows car/NAME with an empty NAMESPACE cell, beside the namespace's requests")
    func table() {
        let table = RequestTable.standard(
            [Self.wide, .fixture(name: "alice-edit")], allNamespaces: true, now: PluginFixtures.at(60))
        #expect(
            table.render() == """
                NAMESPACE   NAME              REQUESTER   ROLE               DURATION   PHASE   APPROVALS   EXPIRES   AGE
                            car/alice-nodes   alice       ClusterRole/edit   30m        New     0           -         60s
                demo        alice-edit        alice       ClusterRole/edit   30m        New     0           -         60s

                """)
        let review = RequestTable.review(
            [Self.wide], allNamespaces: false, context: Self.context, now: PluginFixtures.at(60))
        #expect(review.render(headers: false).hasPrefix("car/alice-nodes   alice   ClusterRole/edit   30m   0/1 "))
    }

    @Test("-o name and -o json print the ClusterAccessRequest kind, without a namespace")
    func wireForms() throws {
        #expect(OutputFormat.name(Self.wide) == "clusteraccessrequest.drawbridge.dev/alice-nodes")
        #expect(OutputFormat.name(AccessRequest.fixture(name: "x")) == "accessrequest.drawbridge.dev/x")
        let wire = try OutputFormat.wire(Self.wide)
        #expect(wire["kind"]?.stringValue == "ClusterAccessRequest")
        #expect(wire["metadata"]?["namespace"] == nil)
        #expect(wire["metadata"]?["name"]?.stringValue == "alice-nodes")
        let namespaced = try OutputFormat.wire(AccessRequest.fixture(name: "x"))
        #expect(namespaced["kind"]?.stringValue == "AccessRequest")
        #expect(namespaced["metadata"]?["namespace"]?.stringValue == "demo")
    }

    @Test("The receipt of a cluster-wide request names the Cluster policy and gives approvers car/NAME")
    func receipt() {
        #expect(
            RequestReceipt.render(Self.wide, context: Self.context, now: PluginFixtures.at(0.4)) == """
                clusteraccessrequest.drawbridge.dev/alice-nodes created
                AccessPolicy "cluster-edit" governs it: ClusterRole/edit for 30m, needs 1 approval from group sre within 30m.
                Approvers run: kubectl drawbridge approve car/alice-nodes

                """)
    }
}
