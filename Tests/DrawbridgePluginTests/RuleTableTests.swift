import DrawbridgeAPI
import DrawbridgePlugin
import Testing

@Suite("Rule tables (what a grant allows)")
struct RuleTableTests {
    @Test("One row per resource or URL, groups and subresources written as kubectl describe does, verbs merged")
    func rows() {
        let rules = [
            PolicyRule(verbs: ["get", "list"], apiGroups: ["", "apps"], resources: ["pods", "deployments/scale"]),
            PolicyRule(verbs: ["list", "watch"], apiGroups: [""], resources: ["pods"]),
            PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["app", "db"]),
            PolicyRule(verbs: ["get"], nonResourceURLs: ["/healthz", "/metrics"]),
        ]
        #expect(
            RuleTable.table(rules).render() == """
                RESOURCES                NON-RESOURCE URLS   RESOURCE NAMES   VERBS
                                         [/healthz]          []               [get]
                                         [/metrics]          []               [get]
                configmaps               []                  [app db]         [get]
                deployments.apps/scale   []                  []               [get list]
                deployments/scale        []                  []               [get list]
                pods                     []                  []               [get list watch]
                pods.apps                []                  []               [get list]

                """)
    }
}
