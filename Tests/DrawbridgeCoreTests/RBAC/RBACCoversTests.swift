import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Testing

/// One covers question with the exact uncovered subrules expected.
struct CoversCase: Sendable, CustomTestStringConvertible {
    var testDescription: String
    var owner: [PolicyRule]
    var servant: [PolicyRule]
    var uncovered: [PolicyRule]
}

@Suite("RBAC covers check")
struct RBACCoversTests {
    static let cases: [CoversCase] = [
        .init(
            testDescription: "An owner */scale covers the scale subresource of every resource",
            owner: [.allow(["update"], ["*/scale"], groups: ["apps"])],
            servant: [.allow(["update"], ["deployments/scale", "statefulsets/scale"], groups: ["apps"])],
            uncovered: []),
        .init(
            testDescription: "An owner */scale does not cover the parent resource or other subresources",
            owner: [.allow(["update"], ["*/scale"], groups: ["apps"])],
            servant: [.allow(["update"], ["deployments", "deployments/status"], groups: ["apps"])],
            uncovered: [
                .allow(["update"], ["deployments"], groups: ["apps"]),
                .allow(["update"], ["deployments/status"], groups: ["apps"]),
            ]),
        .init(
            testDescription: "An owner pods/* is not a wildcard and does not cover pods/log",
            owner: [.allow(["get"], ["pods/*"])], servant: [.allow(["get"], ["pods/log"])],
            uncovered: [.allow(["get"], ["pods/log"])]),
        .init(
            testDescription: "Owner resource names cover a servant naming a subset of them",
            owner: [.allow(["get"], ["configmaps"], names: ["a", "b"])],
            servant: [.allow(["get"], ["configmaps"], names: ["b"])], uncovered: []),
        .init(
            testDescription: "Owner resource names do not cover other names, reported one per name",
            owner: [.allow(["get"], ["configmaps"], names: ["a", "b"])],
            servant: [.allow(["get"], ["configmaps"], names: ["a", "c"])],
            uncovered: [.allow(["get"], ["configmaps"], names: ["c"])]),
        .init(
            testDescription: "Owner resource names do not cover a servant without names",
            owner: [.allow(["get"], ["configmaps"], names: ["a"])], servant: [.allow(["get"], ["configmaps"])],
            uncovered: [.allow(["get"], ["configmaps"])]),
        .init(
            testDescription: "An owner without names covers any servant names",
            owner: [.allow(["get"], ["configmaps"])], servant: [.allow(["get"], ["configmaps"], names: ["x"])],
            uncovered: []),
        .init(
            testDescription: "Several owner rules jointly cover one servant rule",
            owner: [.allow(["get"], ["pods"]), .allow(["list"], ["pods"]), .allow(["*"], ["services"])],
            servant: [.allow(["get", "list"], ["pods", "services"])], uncovered: []),
        .init(
            testDescription: "Uncovered subrules are listed group, resource, verb in order",
            owner: [.allow(["get"], ["pods"])],
            servant: [.allow(["get", "delete"], ["pods", "secrets"], groups: ["", "apps"])],
            uncovered: [
                .allow(["delete"], ["pods"]), .allow(["get"], ["secrets"]), .allow(["delete"], ["secrets"]),
                .allow(["get"], ["pods"], groups: ["apps"]), .allow(["delete"], ["pods"], groups: ["apps"]),
                .allow(["get"], ["secrets"], groups: ["apps"]), .allow(["delete"], ["secrets"], groups: ["apps"]),
            ]),
        .init(
            testDescription: "An owner URL prefix covers longer URLs but not the bare prefix",
            owner: [.allow(["get"], urls: ["/logs/*"])], servant: [.allow(["get"], urls: ["/logs/a/b", "/logs"])],
            uncovered: [.allow(["get"], urls: ["/logs"])]),
        .init(
            testDescription: "Owner resource rules do not cover non-resource URLs",
            owner: [.allow(["*"], ["*"], groups: ["*"])], servant: [.allow(["get"], urls: ["/healthz"])],
            uncovered: [.allow(["get"], urls: ["/healthz"])]),
        .init(
            testDescription: "A full wildcard owner covers any resource rule",
            owner: [PolicyRule(verbs: ["*"], apiGroups: ["*"], resources: ["*"], nonResourceURLs: ["*"])],
            servant: [
                .allow(["escalate"], ["clusterroles"], groups: ["rbac.authorization.k8s.io"], names: ["x"]),
                .allow(["get"], urls: ["/anything"]),
            ],
            uncovered: []),
        .init(
            testDescription: "An empty servant is always covered", owner: [], servant: [], uncovered: []),
    ]

    @Test("Covers answers match the Kubernetes escalation check", arguments: cases)
    func covers(_ testCase: CoversCase) {
        let result = RBACCovers.covers(owner: testCase.owner, servant: testCase.servant)
        #expect(result.uncovered == testCase.uncovered)
        #expect(result.covered == testCase.uncovered.isEmpty)
    }

    @Test("Breakdown yields one permission per subrule and keeps non-resource URLs apart")
    func breakdown() {
        let rule = PolicyRule(
            verbs: ["get", "list"], apiGroups: ["apps"], resources: ["deployments"], resourceNames: ["a", "b"],
            nonResourceURLs: ["/x"])
        #expect(
            RBACCovers.breakdown(rule) == [
                .allow(["get"], ["deployments"], groups: ["apps"], names: ["a"]),
                .allow(["get"], ["deployments"], groups: ["apps"], names: ["b"]),
                .allow(["list"], ["deployments"], groups: ["apps"], names: ["a"]),
                .allow(["list"], ["deployments"], groups: ["apps"], names: ["b"]),
                .allow(["get"], urls: ["/x"]), .allow(["list"], urls: ["/x"]),
            ])
        #expect(RBACCovers.breakdown(PolicyRule(verbs: ["get"], resources: ["pods"])).isEmpty)
    }
}
