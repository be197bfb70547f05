import DrawbridgeAPI
import DrawbridgeCore
import Testing

@Suite("RBAC overlap (forbiddenRules guard)")
struct RBACOverlapTests {
    @Test(
        "Two rules overlap exactly when some request is allowed by both",
        arguments: [
            (
                "wildcard forbidden verb on any resource vs specific grant",
                PolicyRule(verbs: ["escalate"], apiGroups: ["*"], resources: ["*"]),
                PolicyRule(verbs: ["escalate"], apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles"]), true
            ),
            (
                "star verbs in the role",
                PolicyRule(verbs: ["bind"], apiGroups: ["*"], resources: ["*"]),
                PolicyRule(verbs: ["*"], apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"]), true
            ),
            (
                "different verbs",
                PolicyRule(verbs: ["escalate"], apiGroups: ["*"], resources: ["*"]),
                PolicyRule(verbs: ["get", "list"], apiGroups: ["*"], resources: ["*"]), false
            ),
            (
                "different groups",
                PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["secrets"]),
                PolicyRule(verbs: ["get"], apiGroups: ["apps"], resources: ["secrets"]), false
            ),
            (
                "role limited to names still overlaps a nameless forbidden rule",
                PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["secrets"]),
                PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["secrets"], resourceNames: ["tls"]), true
            ),
            (
                "disjoint names",
                PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["secrets"], resourceNames: ["a"]),
                PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["secrets"], resourceNames: ["b"]), false
            ),
            (
                "subresource wildcard",
                PolicyRule(verbs: ["create"], apiGroups: [""], resources: ["pods/exec"]),
                PolicyRule(verbs: ["create"], apiGroups: [""], resources: ["*/exec"]), true
            ),
            (
                "parent resource does not include its subresource",
                PolicyRule(verbs: ["create"], apiGroups: [""], resources: ["pods/exec"]),
                PolicyRule(verbs: ["create"], apiGroups: [""], resources: ["pods"]), false
            ),
            (
                "non-resource prefix",
                PolicyRule(verbs: ["get"], nonResourceURLs: ["/debug/*"]),
                PolicyRule(verbs: ["get"], nonResourceURLs: ["/debug/pprof"]), true
            ),
            (
                "resource rule never overlaps a non-resource rule",
                PolicyRule(verbs: ["*"], apiGroups: ["*"], resources: ["*"]),
                PolicyRule(verbs: ["*"], nonResourceURLs: ["*"]), false
            ),
        ])
    func overlap(_ label: String, _ a: PolicyRule, _ b: PolicyRule, _ expected: Bool) {
        #expect(RBACOverlap.overlaps(a, b) == expected, "\(label)")
        #expect(RBACOverlap.overlaps(b, a) == expected, "\(label) (symmetric)")
    }

    @Test("Whenever a role covers a rule, it also overlaps it")
    func neverWeakerThanCovers() {
        let owners = [
            PolicyRule(verbs: ["*"], apiGroups: ["*"], resources: ["*"]),
            PolicyRule(
                verbs: ["get", "list"], apiGroups: ["", "apps"], resources: ["pods", "deployments", "*/scale"]),
            PolicyRule(verbs: ["get"], nonResourceURLs: ["/healthz", "/metrics/*"]),
        ]
        let probes = [
            PolicyRule(verbs: ["get"], apiGroups: ["apps"], resources: ["deployments"]),
            PolicyRule(verbs: ["get"], apiGroups: ["apps"], resources: ["deployments/scale"]),
            PolicyRule(verbs: ["delete"], apiGroups: [""], resources: ["pods"], resourceNames: ["x"]),
            PolicyRule(verbs: ["get"], nonResourceURLs: ["/metrics/cadvisor"]),
        ]
        for owner in owners {
            for probe in probes where RBACCovers.covers(owner: [owner], servant: [probe]).covered {
                #expect(RBACOverlap.overlaps(owner, probe))
            }
        }
    }
}
