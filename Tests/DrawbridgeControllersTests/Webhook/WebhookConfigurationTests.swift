import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeTesting
import Foundation
import Testing

/// The configurations `drawbridge dev` registers and the in-cluster manifests must route the same
/// writes to the webhook with the same guarantees.
@Suite("Webhook configuration")
struct WebhookConfigurationTests {
    static func rule(_ operations: [String], _ resources: [String], scope: String) -> JSONValue {
        [
            "apiGroups": ["drawbridge.dev"], "apiVersions": ["v1alpha1"],
            "operations": .array(operations.map(JSONValue.string)),
            "resources": .array(resources.map(JSONValue.string)), "scope": .string(scope),
        ]
    }

    /// Both request kinds: AccessRequests (namespaced) and ClusterAccessRequests (cluster-scoped).
    static let requestWrites = rule(
        ["CREATE", "UPDATE"],
        ["accessrequests", "accessrequests/status", "clusteraccessrequests", "clusteraccessrequests/status"],
        scope: "*")

    /// kind, webhook name, path, rules: AccessRequest and ClusterAccessRequest creates and updates
    /// (main resource and status) to both, their deletes to the validating one, AccessPolicy creates
    /// and updates to a second validating webhook.
    static let expected: [(String, String, String, JSONValue)] = [
        ("MutatingWebhookConfiguration", "accessrequests.drawbridge.dev", "/mutate-accessrequests", [requestWrites]),
        (
            "ValidatingWebhookConfiguration", "validate.accessrequests.drawbridge.dev", "/validate-accessrequests",
            [requestWrites, rule(["DELETE"], ["accessrequests", "clusteraccessrequests"], scope: "*")]
        ),
        (
            "ValidatingWebhookConfiguration", "validate.accesspolicies.drawbridge.dev", "/validate-accesspolicies",
            [rule(["CREATE", "UPDATE"], ["accesspolicies"], scope: "Cluster")]
        ),
    ]

    @Test(
        "The generated configurations route AccessRequest writes and deletes and AccessPolicy writes, and fail closed",
        arguments: expected.indices)
    func generated(index: Int) throws {
        let (kind, name, path, rules) = Self.expected[index]
        let configurations = WebhookServer.webhookConfigurations(baseURL: "https://127.0.0.1:9443", caBundlePEM: "PEM")
        #expect(configurations.count == 2)
        let configuration = try #require(configurations.first { $0["kind"] == .string(kind) })
        #expect(configuration["apiVersion"] == "admissionregistration.k8s.io/v1")
        #expect(configuration[path: ["metadata", "name"]] == "drawbridge")
        let webhooks = try #require(configuration["webhooks"]?.arrayValue)
        #expect(webhooks.map { $0["name"] } == Self.expected.filter { $0.0 == kind }.map { .string($0.1) })
        let webhook = try #require(webhooks.first { $0["name"] == .string(name) })
        #expect(webhook["failurePolicy"] == "Fail")
        #expect(webhook["sideEffects"] == "None")
        #expect(webhook["admissionReviewVersions"] == ["v1"])
        #expect(webhook["timeoutSeconds"] == 10)
        #expect(webhook["rules"] == rules)
        #expect(webhook[path: ["clientConfig", "url"]] == .string("https://127.0.0.1:9443" + path))
        #expect(webhook[path: ["clientConfig", "caBundle"]] == .string(Data("PEM".utf8).base64EncodedString()))
        #expect(WebhookServer.webhook(forPath: path) == (kind.hasPrefix("Mutating") ? .mutating : .validating))
        // The controller's own AccessRequest writes skip the webhook; nobody else's do.
        let skips: JSONValue? =
            path.hasSuffix("accessrequests")
            ? [
                [
                    "name": "not-the-controller",
                    "expression":
                        "request.userInfo.username != 'system:serviceaccount:drawbridge-system:drawbridge-controller'",
                ]
            ] : nil
        #expect(webhook["matchConditions"] == skips)
    }

    @Test("The match condition names the controller it is given")
    func matchConditionFollowsTheControllersName() throws {
        let configurations = WebhookServer.webhookConfigurations(
            baseURL: "https://127.0.0.1:9443", caBundlePEM: "PEM",
            controllerUsername: "system:serviceaccount:team-a:drawbridge-controller")
        let expressions = configurations.flatMap { $0["webhooks"]?.arrayValue ?? [] }
            .compactMap { $0["matchConditions"]?.arrayValue?.first?["expression"]?.stringValue }
        #expect(
            expressions
                == Array(
                    repeating: "request.userInfo.username != 'system:serviceaccount:team-a:drawbridge-controller'",
                    count: 2))
    }

    @Test("config/webhook has the same webhooks behind the drawbridge-webhook Service on 443 -> 9443")
    func manifests() throws {
        let documents = try YAMLJSON.documents(in: try PackageRoot.text("config/webhook/manifests.yaml"))
        let generated = WebhookServer.webhookConfigurations(baseURL: "x", caBundlePEM: "")
        for (kind, name, path, _) in Self.expected {
            let configuration = try #require(documents.first { $0["kind"] == .string(kind) }, "\(kind)")
            var inCluster = try #require(
                configuration["webhooks"]?.arrayValue?.first { $0["name"] == .string(name) }, "\(name)")
            var expected = try #require(
                generated.first { $0["kind"] == .string(kind) }?["webhooks"]?.arrayValue?.first {
                    $0["name"] == .string(name)
                })
            #expect(
                inCluster[path: ["clientConfig", "service"]]
                    == [
                        "name": "drawbridge-webhook", "namespace": "drawbridge-system", "path": .string(path),
                        "port": 443,
                    ])
            inCluster["clientConfig"] = nil
            expected["clientConfig"] = nil
            #expect(inCluster == expected)
            #expect(configuration[path: ["metadata", "name"]] == "drawbridge")
            #expect(
                configuration["webhooks"]?.arrayValue?.count == Self.expected.filter { $0.0 == kind }.count, "\(kind)")
        }
        let service = try #require(documents.first { $0["kind"] == "Service" })
        #expect(service[path: ["metadata", "name"]] == "drawbridge-webhook")
        #expect(service[path: ["metadata", "namespace"]] == "drawbridge-system")
        #expect(service[path: ["spec", "selector"]] == ["app.kubernetes.io/name": "drawbridge"])
        #expect(service[path: ["spec", "ports"]]?.arrayValue?.first?["port"] == 443)
        #expect(service[path: ["spec", "ports"]]?.arrayValue?.first?["targetPort"] == 9443)
        let kustomization = try PackageRoot.text("config/webhook/kustomization.yaml")
        #expect(kustomization.contains("- manifests.yaml"))
    }
}
