import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgePlugin
import DrawbridgeTesting
import Testing

@Suite("ls tables")
struct RequestTableTests {
    static let requests: [AccessRequest] = [
        .fixture(
            name: "alice-edit", .approvedBy("bob"), .phase(.active, grantedAt: 120, duration: 1800),
            PluginFixtures.signed),
        .fixture(name: "alice-view", namespace: "other", role: .init(kind: "ClusterRole", name: "view"), duration: nil),
        .fixture(name: "dave-edit", requester: "dave", .deniedBy("carol"), .phase(.denied)),
    ]

    @Test("The standard table shows phase, approvals, time left and age, kubectl-aligned")
    func standard() {
        let table = RequestTable.standard(Self.requests, allNamespaces: false, now: PluginFixtures.at(600))
        #expect(
            table.render() == """
                NAME         REQUESTER   ROLE               DURATION   PHASE    APPROVALS   EXPIRES   AGE
                alice-edit   alice       ClusterRole/edit   30m        Active   1           in 22m    10m
                alice-view   alice       ClusterRole/view   default    New      0           -         10m
                dave-edit    dave        ClusterRole/edit   30m        Denied   0           -         10m

                """)
    }

    @Test("-A adds the NAMESPACE column first; --no-headers drops the titles")
    func allNamespaces() {
        let table = RequestTable.standard([Self.requests[1]], allNamespaces: true, now: PluginFixtures.at(30))
        #expect(
            table.render(headers: false)
                == "other   alice-view   alice   ClusterRole/view   default   New   0     -     30s\n")
    }

    @Test("The reviewer table counts approvals against what the governing policy needs and shows the reason")
    func review() {
        let pending = AccessRequest.fixture(
            name: "alice-edit", reason: "INC-42: roll back\nthe checkout", .approvedBy("carol"), .phase(.pending),
            PluginFixtures.signed)
        let table = RequestTable.review(
            [pending, .fixture(name: "nowhere", namespace: "prod")], allNamespaces: true,
            context: PluginFixtures.context, now: PluginFixtures.at(90))
        #expect(
            table.render() == """
                NAMESPACE   NAME         REQUESTER   ROLE               DURATION   APPROVALS   WAITING   REASON
                demo        alice-edit   alice       ClusterRole/edit   30m        1/1         90s       INC-42: roll back the checkout
                prod        nowhere      alice       ClusterRole/edit   30m        ?           90s       INC-4242: roll back checkout

                """)
    }
}
