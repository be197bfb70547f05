import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Testing

/// One rule checked against one request.
struct RuleMatchCase: Sendable, CustomTestStringConvertible {
    var testDescription: String
    var rule: PolicyRule
    var request: AuthorizationAttributes.Request
    var allowed: Bool
}

@Suite("PolicyRule matching")
struct RBACRuleMatchingTests {
    static func get(_ resource: String, _ subresource: String = "", group: String = "", name: String = "")
        -> AuthorizationAttributes.Request
    {
        .resource(.init(verb: "get", apiGroup: group, resource: resource, subresource: subresource, name: name))
    }

    static let cases: [RuleMatchCase] = [
        .init(
            testDescription: "Verbs are case-sensitive", rule: .allow(["get"], ["pods"]),
            request: .resource(.init(verb: "GET", resource: "pods")), allowed: false),
        .init(
            testDescription: "The core group does not match a named group", rule: .allow(["get"], ["pods"]),
            request: get("pods", group: "apps"), allowed: false),
        .init(
            testDescription: "A resource wildcard matches subresources too", rule: .allow(["get"], ["*"]),
            request: get("pods", "log"), allowed: true),
        .init(
            testDescription: "An exact resource/subresource entry matches", rule: .allow(["get"], ["pods/log"]),
            request: get("pods", "log"), allowed: true),
        .init(
            testDescription: "A */subresource entry matches any resource with that subresource",
            rule: .allow(["get"], ["*/log"]), request: get("jobs", "log"), allowed: true),
        .init(
            testDescription: "A */subresource entry does not match the bare resource",
            rule: .allow(["get"], ["*/log"]), request: get("jobs"), allowed: false),
        .init(
            testDescription: "A */subresource entry does not match a longer subresource",
            rule: .allow(["get"], ["*/og"]), request: get("jobs", "log"), allowed: false),
        .init(
            testDescription: "A resource/* entry is not a wildcard", rule: .allow(["get"], ["pods/*"]),
            request: get("pods", "log"), allowed: false),
        .init(
            testDescription: "Resource names restrict the object", rule: .allow(["get"], ["pods"], names: ["a"]),
            request: get("pods", name: "b"), allowed: false),
        .init(
            testDescription: "Resource names never match a request without a name",
            rule: .allow(["get"], ["pods"], names: ["a"]), request: get("pods"), allowed: false),
        .init(
            testDescription: "A resource rule never matches a non-resource request",
            rule: .allow(["*"], ["*"], groups: ["*"]), request: .nonResource(.init(verb: "get", path: "/healthz")),
            allowed: false),
        .init(
            testDescription: "A non-resource rule never matches a resource request",
            rule: .allow(["*"], urls: ["*"]), request: get("pods"), allowed: false),
        .init(
            testDescription: "Several trailing stars are one prefix glob", rule: .allow(["get"], urls: ["/api**"]),
            request: .nonResource(.init(verb: "get", path: "/apis/apps")), allowed: true),
        .init(
            testDescription: "A star inside a URL is literal", rule: .allow(["get"], urls: ["/api/*/pods"]),
            request: .nonResource(.init(verb: "get", path: "/api/v1/pods")), allowed: false),
    ]

    @Test("Rules match requests with Kubernetes semantics", arguments: cases)
    func matches(_ testCase: RuleMatchCase) {
        #expect(testCase.rule.allows(testCase.request) == testCase.allowed)
    }

    @Test("Subjects apply with Kubernetes semantics")
    func subjects() {
        #expect(Subject.user("*").appliesTo(user: "anyone", groups: [], bindingNamespace: "ns") == false)
        #expect(Subject.group("g").appliesTo(user: "u", groups: ["g"], bindingNamespace: ""))
        #expect(Subject.group("g").appliesTo(user: "g", groups: [], bindingNamespace: "") == false)
        #expect(
            Subject.serviceAccount("sa").serviceAccountUserName(bindingNamespace: "ns") == "system:serviceaccount:ns:sa"
        )
        #expect(
            Subject.serviceAccount("sa", namespace: "other").serviceAccountUserName(bindingNamespace: "ns")
                == "system:serviceaccount:other:sa")
        #expect(Subject.serviceAccount("sa", namespace: "").serviceAccountUserName(bindingNamespace: "") == nil)
        #expect(Subject.user("sa").serviceAccountUserName(bindingNamespace: "ns") == nil)
    }
}
