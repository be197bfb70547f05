import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Testing

/// The issue's scenario in miniature: a lax auto-approving policy and a stricter one for the same
/// requesters, namespace and role. When the strict one breaks, the lax one must not take over.
private let lax = AccessPolicy.fixture(
    name: "view-auto-approve", groups: ["developers", "sre"], roles: [.init(kind: "ClusterRole", name: "view")],
    defaultDuration: nil, maxDuration: "15m", required: 0, approverGroups: nil, timeout: nil)

private func strict(
    name: String = "view-two-sre", groups: [String]? = ["developers"], users: [String]? = nil,
    namespaces: [String]? = ["demo"], selector: LabelSelector? = nil, role: String = "view",
    reasonPattern: String? = "([", maxDuration: String = "1h"
) -> AccessPolicy {
    .fixture(
        name: name, users: users, groups: groups, namespaces: namespaces, namespaceSelector: selector,
        roles: [.init(kind: "ClusterRole", name: role)], maxDuration: maxDuration, reasonPattern: reasonPattern,
        required: 2)
}

private func input(
    user: String = "alice", groups: [String] = ["developers"], namespace: String = "demo",
    labels: [String: String] = [:], role: String = "view"
) -> PolicyInput {
    PolicyInput(
        requester: UserIdentity(username: user, groups: groups), namespace: namespace, namespaceLabels: labels,
        role: .init(kind: "ClusterRole", name: role), duration: "10m", reason: "INC-7")
}

private let typo =
    "invalid AccessPolicy \"view-two-sre\" covers this request, so no AccessPolicy may govern it until it is fixed or deleted: spec.reasonPattern: invalid regular expression \"([\""

@Suite("Invalid policies fail closed")
struct InvalidPolicyTests {
    @Test(
        "An invalid policy that covers a request refuses it, in both modes; one that does not cover it changes nothing",
        arguments: [
            ("the issue's typo", [lax, strict()], input(), typo),
            (
                "valid strict, broken lax",
                [strict(reasonPattern: nil), .fixture(name: "view-two-sre", maxDuration: "1d")],
                input(role: "edit"),
                "invalid AccessPolicy \"view-two-sre\" covers this request, so no AccessPolicy may govern it until it is fixed or deleted: spec.maxDuration: invalid duration \"1d\": unknown unit \"d\" (valid units are ns, us, ms, s, m, h)"
            ),
            ("covers by user name", [lax, strict(groups: nil, users: ["alice"])], input(), typo),
            ("covers every namespace", [lax, strict(namespaces: ["*"])], input(), typo),
            (
                "an invalid selector covers every namespace",
                [
                    lax,
                    strict(
                        namespaces: nil,
                        selector: LabelSelector(matchExpressions: [.init(key: "env", operator: .in, values: [])]),
                        reasonPattern: nil),
                ],
                input(labels: ["env": "demo"]),
                "invalid AccessPolicy \"view-two-sre\" covers this request, so no AccessPolicy may govern it until it is fixed or deleted: spec.namespaces.selector.matchExpressions[0].values: must be non-empty when operator is In"
            ),
            (
                "two invalid policies",
                [lax, strict(), strict(name: "another", reasonPattern: nil, maxDuration: "2x")],
                input(),
                "invalid AccessPolicies \"another\", \"view-two-sre\" cover this request, so no AccessPolicy may govern it until they are fixed or deleted: \"another\": spec.maxDuration: invalid duration \"2x\": unknown unit \"x\" (valid units are ns, us, ms, s, m, h); \"view-two-sre\": spec.reasonPattern: invalid regular expression \"([\""
            ),
        ] as [(String, [AccessPolicy], PolicyInput, String)])
    func coveredRequestsAreRefused(
        _ label: String, _ policies: [AccessPolicy], _ request: PolicyInput, _ message: String
    ) {
        let set = PolicySet(policies)
        for mode in [PolicyEngine.Mode.newRequest, .liveGrant] {
            #expect(
                PolicyEngine.evaluate(request, policies: set, mode: mode)
                    == .rejected(Rejection(.policyInvalid, message)),
                "\(label), \(mode)")
        }
    }

    @Test(
        "An invalid policy does not touch requests outside its scope: the laxer policy still governs them",
        arguments: [
            ("another requester", input(user: "bob", groups: ["sre"])),
            ("another namespace", input(namespace: "prod")),
            ("a selector that does not match", input(namespace: "prod", labels: ["env": "prod"])),
            ("another role", input(role: "edit")),
        ])
    func outsideItsScope(_ label: String, _ request: PolicyInput) {
        let policies = PolicySet([
            .fixture(
                name: "view-auto-approve", groups: ["developers", "sre"], namespaces: ["demo", "prod"],
                roles: [.init(kind: "ClusterRole", name: "view"), .init(kind: "ClusterRole", name: "edit")],
                defaultDuration: nil, maxDuration: "15m", required: 0, approverGroups: nil),
            strict(
                namespaces: ["demo"],
                selector: LabelSelector(matchLabels: ["env": "demo"])),
        ])
        for mode in [PolicyEngine.Mode.newRequest, .liveGrant] {
            guard case .allowed(let terms) = PolicyEngine.evaluate(request, policies: policies, mode: mode) else {
                Issue.record("\(label), \(mode): expected the lax policy to govern")
                continue
            }
            #expect(terms.policy == "view-auto-approve", "\(label), \(mode)")
        }
    }

    @Test("Once the broken policy is fixed, the strictest valid policy governs again")
    func fixedPolicyGovernsAgain() {
        guard
            case .allowed(let terms) = PolicyEngine.evaluate(
                input(), policies: PolicySet([lax, strict(reasonPattern: "INC-[0-9]+")]))
        else {
            Issue.record("expected allowed")
            return
        }
        #expect(terms.policy == "view-two-sre")
        #expect(terms.requiredApprovals == 2)
    }

    @Test("The set keeps each invalid policy with the scope it was written for")
    func setKeepsScopes() {
        let set = PolicySet([lax, strict()])
        #expect(set.valid.map(\.name) == ["view-auto-approve"])
        #expect(set.invalidPolicies.map(\.name) == ["view-two-sre"])
        #expect(set.invalid.map(\.description) == ["AccessPolicy \"view-two-sre\" is invalid: \(typoProblem)"])
        #expect(set.invalidPolicies.first?.covers(input()) == true)
        #expect(set.invalidPolicies.first?.covers(input(user: "bob", groups: ["sre"])) == false)
    }
}

private let typoProblem = "spec.reasonPattern: invalid regular expression \"([\""
