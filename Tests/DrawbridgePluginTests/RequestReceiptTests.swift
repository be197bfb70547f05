import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgePlugin
import DrawbridgeTesting
import Testing

@Suite("request: the receipt")
struct RequestReceiptTests {
    @Test("A request that needs approval names its policy, what it needs, and the approvers' command")
    func needsApproval() {
        let request = AccessRequest.fixture(name: "alice-edit-x7k2p", duration: nil)
        #expect(
            RequestReceipt.render(request, context: PluginFixtures.context, now: PluginFixtures.at(0.4)) == """
                accessrequest.drawbridge.dev/alice-edit-x7k2p created
                AccessPolicy "developers-edit" governs it: ClusterRole/edit for 30m, needs 1 approval from group sre within 30m.
                Approvers run: kubectl drawbridge approve alice-edit-x7k2p -n demo

                """)
    }

    @Test("An auto-approved request says so; without readable policies only the name is printed")
    func autoApprovedAndUnknown() {
        let request = AccessRequest.fixture(name: "v", role: .init(kind: "ClusterRole", name: "view"), duration: "10m")
        #expect(
            RequestReceipt.render(request, context: PluginFixtures.context, now: PluginFixtures.t0) == """
                accessrequest.drawbridge.dev/v created
                AccessPolicy "view-auto" governs it: ClusterRole/view for 10m, auto-approved.

                """)
        #expect(
            RequestReceipt.render(request, context: nil, now: PluginFixtures.t0)
                == "accessrequest.drawbridge.dev/v created\n")
    }

    @Test("A break-glass request says it is granted at once, who reviews it by when, and their commands")
    func breakGlass() {
        let context = PolicyContext(
            policies: [AccessPolicy.fixture().breakingGlass(reviewWithin: "12h")],
            clusterRoles: [ClusterRole(metadata: ObjectMeta(name: "edit"), rules: [])])
        let request = AccessRequest.fixture(name: "alice-glass", duration: "20m", .breakGlass())
        #expect(
            RequestReceipt.render(request, context: context, now: PluginFixtures.t0) == """
                accessrequest.drawbridge.dev/alice-glass created
                AccessPolicy "developers-edit" governs it: ClusterRole/edit for 20m, break-glass: granted at once; group sre must ratify or reject it within 12h.
                Approvers run: kubectl drawbridge ratify|reject alice-glass -n demo

                """)
    }

    @Test("A scheduled request says when access starts")
    func scheduled() {
        var policy = AccessPolicy.fixture()
        policy.spec.maxLeadTime = "24h"
        let context = PolicyContext(
            policies: [policy], clusterRoles: [ClusterRole(metadata: ObjectMeta(name: "edit"), rules: [])])
        let request = AccessRequest.fixture(
            name: "alice-later", duration: "20m", .custom { $0.spec.startAt = KubeTime(PluginFixtures.at(3600)) })
        #expect(
            RequestReceipt.render(request, context: context, now: PluginFixtures.t0) == """
                accessrequest.drawbridge.dev/alice-later created
                AccessPolicy "developers-edit" governs it: ClusterRole/edit for 20m, needs 1 approval from group sre within 30m.
                Approvers run: kubectl drawbridge approve alice-later -n demo
                Access starts at 2027-01-15T09:00:00Z; once approved it is Scheduled until then.

                """)
    }
}
