import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgePlugin
import DrawbridgeTesting
import Testing

@Suite("can-request and whoami tables")
struct OfferAndWhoAmITableTests {
    @Test("can-request lists each role with its limits, approvals and requirements, or the refusal")
    func offers() {
        var policies = PluginFixtures.policies
        policies.append(
            .fixture(
                name: "admin-guarded", roles: [.init(kind: "ClusterRole", name: "admin")],
                forbiddenRules: [
                    PolicyRule(verbs: ["create"], apiGroups: ["rbac.authorization.k8s.io"], resources: ["rolebindings"])
                ]))
        let offers = RequestOptions.offers(
            to: UserIdentity(username: "alice", groups: ["developers"]), policies: policies,
            roleRules: { role, _ in
                role.name == "admin"
                    ? [PolicyRule(verbs: ["*"], apiGroups: ["rbac.authorization.k8s.io"], resources: ["*"])] : []
            })
        #expect(
            OfferTable.table(offers.map(OfferTable.Row.init)).render() == """
                ROLE                NAMESPACE   MAX   DEFAULT   APPROVALS   POLICY            REQUIREMENTS
                ClusterRole/admin   demo        -     -         refused     -                 ClusterRole/admin is forbidden by AccessPolicy "admin-guarded": it grants create on rolebindings.rbac.authorization.k8s.io
                ClusterRole/edit    demo        1h    30m       1           developers-edit   approvers: group sre within 30m; reason matching INC-[0-9]+
                ClusterRole/view    demo        15m   15m       auto        view-auto         -

                """)
    }

    @Test("whoami prints the attributes kubectl auth whoami prints")
    func whoami() {
        let identity = CallerIdentity(
            username: "alice", uid: "uid-alice", groups: ["developers", "system:authenticated"],
            extra: ["arn": ["arn:aws:iam::1:user/alice"]])
        #expect(
            WhoAmIAction.table(identity).render() == """
                ATTRIBUTE    VALUE
                Username     alice
                UID          uid-alice
                Groups       [developers system:authenticated]
                Extra: arn   [arn:aws:iam::1:user/alice]

                """)
    }
}
