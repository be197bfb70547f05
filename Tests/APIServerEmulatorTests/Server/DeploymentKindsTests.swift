import APIServerEmulator
import DrawbridgeAPI
import Foundation
import Testing

/// What `kubectl apply -k config/default` needs beyond RBAC and CRDs: Services, PodDisruptionBudgets
/// and NetworkPolicies are discovered under their short names, Services and NetworkPolicies get the
/// API server's defaults, and a changed Deployment, Service, PDB or NetworkPolicy can be re-applied
/// with a strategic merge patch.
@Suite("Emulator: Deployments, Services, PodDisruptionBudgets and NetworkPolicies")
struct DeploymentKindsTests {
    let server = EmulatorClient.makeServer()
    var admin: EmulatorClient { EmulatorClient(server) }

    static let aggregated = ["accept": "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"]

    /// The resource named `plural` in an aggregated discovery document.
    static func resource(_ plural: String, group: String, in document: JSONValue) -> JSONValue? {
        let item = document["items"]?.arrayValue?.first { $0[path: ["metadata", "name"]]?.stringValue == group }
        let resources = item?["versions"]?.arrayValue?.first?["resources"]?.arrayValue ?? []
        return resources.first { $0["resource"]?.stringValue == plural }
    }

    @Test(
        "Discovery serves core/v1 services (svc, category all) and policy/v1 poddisruptionbudgets (pdb), both namespaced"
    )
    func discovery() async throws {
        let (_, core) = try await admin.call("GET", "/api", headers: Self.aggregated)
        let services = try #require(Self.resource("services", group: "", in: core))
        #expect(
            services["scope"] == "Namespaced" && services["shortNames"] == ["svc"] && services["categories"] == ["all"])
        let (_, groups) = try await admin.call("GET", "/apis", headers: Self.aggregated)
        let budgets = try #require(Self.resource("poddisruptionbudgets", group: "policy", in: groups))
        #expect(budgets["scope"] == "Namespaced" && budgets["shortNames"] == ["pdb"])
        #expect(budgets["responseKind"] == ["group": "policy", "version": "v1", "kind": "PodDisruptionBudget"])
        let (code, _) = try await admin.call("GET", "/openapi/v3/apis/policy/v1")
        #expect(code == 200, "kubectl apply validates against the group version's OpenAPI document")
    }

    @Test("A Service defaults its type, session affinity, and each port's protocol and targetPort; ports patch by port")
    func serviceDefaults() async throws {
        let service: JSONValue = [
            "apiVersion": "v1", "kind": "Service", "metadata": ["name": "web", "namespace": "default"],
            "spec": [
                "selector": ["app": "web"],
                "ports": [["name": "http", "port": 80], ["port": 443, "targetPort": 8443]],
            ],
        ]
        let (code, created) = try await admin.call("POST", "/api/v1/namespaces/default/services", body: service)
        #expect(code == 201)
        #expect(
            created[path: ["spec", "type"]] == "ClusterIP" && created[path: ["spec", "sessionAffinity"]] == "None")
        #expect(
            created[path: ["spec", "ports"]] == [
                ["name": "http", "port": 80, "protocol": "TCP", "targetPort": 80],
                ["port": 443, "protocol": "TCP", "targetPort": 8443],
            ])
        let (patchedCode, patched) = try await admin.call(
            "PATCH", "/api/v1/namespaces/default/services/web",
            body: ["spec": ["ports": [["port": 443, "targetPort": 9443]]]],
            contentType: "application/strategic-merge-patch+json")
        #expect(patchedCode == 200)
        #expect(patched[path: ["spec", "ports"]]?.arrayValue?.map { $0["targetPort"] } == [80, 9443])
    }

    @Test(
        "A strategic merge patch on a Deployment merges containers by name and replaces their args, as kubectl apply expects"
    )
    func deploymentStrategicMerge() async throws {
        let deployment: JSONValue = [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "c", "namespace": "default"],
            "spec": [
                "replicas": 2, "selector": ["matchLabels": ["app": "c"]],
                "template": [
                    "metadata": ["labels": ["app": "c"]],
                    "spec": [
                        "containers": [
                            [
                                "name": "controller", "image": "drawbridge:1", "args": ["controller", "--a"],
                                "ports": [["name": "webhook", "containerPort": 9443]],
                            ],
                            ["name": "sidecar", "image": "s:1"],
                        ]
                    ],
                ],
            ],
        ]
        let (created, _) = try await admin.call(
            "POST", "/apis/apps/v1/namespaces/default/deployments", body: deployment)
        #expect(created == 201)
        let patch: JSONValue = [
            "spec": [
                "template": [
                    "spec": [
                        "containers": [
                            [
                                "name": "controller", "image": "drawbridge:2", "args": ["controller", "--b"],
                                "ports": [["containerPort": 8080, "name": "metrics"]],
                            ]
                        ]
                    ]
                ]
            ]
        ]
        let (code, patched) = try await admin.call(
            "PATCH", "/apis/apps/v1/namespaces/default/deployments/c", body: patch,
            contentType: "application/strategic-merge-patch+json")
        #expect(code == 200)
        let containers = patched[path: ["spec", "template", "spec", "containers"]]?.arrayValue ?? []
        #expect(containers.map { $0["name"] } == ["controller", "sidecar"])
        #expect(containers.first?["image"] == "drawbridge:2" && containers.first?["args"] == ["controller", "--b"])
        #expect(
            containers.first?["ports"] == [
                ["name": "webhook", "containerPort": 9443], ["containerPort": 8080, "name": "metrics"],
            ])
        #expect(patched[path: ["metadata", "generation"]] == 2, "a spec change bumps a Deployment's generation")
    }

    @Test("A PodDisruptionBudget is stored as sent, with a generation, and takes a strategic merge patch")
    func podDisruptionBudget() async throws {
        let budget: JSONValue = [
            "apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
            "metadata": ["name": "c", "namespace": "default"],
            "spec": ["minAvailable": 1, "selector": ["matchLabels": ["app": "c"]]],
        ]
        let (code, created) = try await admin.call(
            "POST", "/apis/policy/v1/namespaces/default/poddisruptionbudgets", body: budget)
        #expect(code == 201)
        #expect(created[path: ["spec", "minAvailable"]] == 1 && created[path: ["metadata", "generation"]] == 1)
        let (patchedCode, patched) = try await admin.call(
            "PATCH", "/apis/policy/v1/namespaces/default/poddisruptionbudgets/c",
            body: ["spec": ["minAvailable": "50%"]],
            contentType: "application/strategic-merge-patch+json")
        #expect(patchedCode == 200 && patched[path: ["spec", "minAvailable"]] == "50%")
    }

    @Test(
        "networking.k8s.io/v1 networkpolicies (netpol) are discovered; policyTypes and port protocols default; a patch re-applies"
    )
    func networkPolicy() async throws {
        let (_, groups) = try await admin.call("GET", "/apis", headers: Self.aggregated)
        let policies = try #require(Self.resource("networkpolicies", group: "networking.k8s.io", in: groups))
        #expect(policies["scope"] == "Namespaced" && policies["shortNames"] == ["netpol"])
        #expect(policies["responseKind"] == ["group": "networking.k8s.io", "version": "v1", "kind": "NetworkPolicy"])
        let (openAPI, _) = try await admin.call("GET", "/openapi/v3/apis/networking.k8s.io/v1")
        #expect(openAPI == 200, "kubectl apply validates against the group version's OpenAPI document")

        let policy: JSONValue = [
            "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": ["name": "c", "namespace": "default"],
            "spec": [
                "podSelector": ["matchLabels": ["app": "c"]],
                "ingress": [["ports": [["port": "webhook"]], "from": [["ipBlock": ["cidr": "192.0.2.0/24"]]]]],
            ],
        ]
        let (code, created) = try await admin.call(
            "POST", "/apis/networking.k8s.io/v1/namespaces/default/networkpolicies", body: policy)
        #expect(code == 201)
        #expect(created[path: ["spec", "policyTypes"]] == ["Ingress"])
        #expect(
            created[path: ["spec", "ingress"]] == [
                ["ports": [["port": "webhook", "protocol": "TCP"]], "from": [["ipBlock": ["cidr": "192.0.2.0/24"]]]]
            ])
        #expect(created[path: ["metadata", "generation"]] == 1)
        let (patchedCode, patched) = try await admin.call(
            "PATCH", "/apis/networking.k8s.io/v1/namespaces/default/networkpolicies/c",
            body: ["spec": ["egress": [["ports": [["port": 443, "protocol": "UDP"]]]], "policyTypes": .null]],
            contentType: "application/strategic-merge-patch+json")
        #expect(patchedCode == 200)
        #expect(patched[path: ["spec", "policyTypes"]] == ["Ingress", "Egress"], "defaulted again on update")
        #expect(patched[path: ["spec", "egress"]] == [["ports": [["port": 443, "protocol": "UDP"]]]])
        #expect(patched[path: ["metadata", "generation"]] == 2, "a spec change bumps a NetworkPolicy's generation")
    }
}
