import APIServerEmulator
import DrawbridgeAPI
import Testing

/// `APIServer.copy()`: a seeded cluster handed out fresh, answering as the original did and changing
/// independently of it.
@Suite("Emulator: copying a server")
struct APIServerCopyTests {
    static let widgets: JSONValue = [
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": ["name": "widgets.example.com"],
        "spec": [
            "group": "example.com", "names": ["kind": "Widget", "plural": "widgets"], "scope": "Namespaced",
            "versions": [
                [
                    "name": "v1", "served": true, "storage": true,
                    "schema": ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]],
                ]
            ],
        ],
    ]

    @Test("A copy serves the original's objects, CRDs and resourceVersion, and the two then change independently")
    func copyIsIndependent() async throws {
        let original = EmulatorClient(EmulatorClient.makeServer())
        #expect(
            try await original.call(
                "POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", body: Self.widgets
            )
            .0 == 201)
        let widget: JSONValue = ["apiVersion": "example.com/v1", "kind": "Widget", "metadata": ["name": "w"]]
        #expect(
            try await original.call("POST", "/apis/example.com/v1/namespaces/default/widgets", body: widget).0 == 201)
        #expect(
            try await original.call(
                "POST", "/api/v1/namespaces/default/configmaps", body: EmulatorClient.configMap("a")
            )
            .0 == 201)
        let version = original.server.store.resourceVersion

        let copy = EmulatorClient(original.server.copy())
        #expect(copy.server.store.resourceVersion == version)
        let (widgetCode, copied) = try await copy.call("GET", "/apis/example.com/v1/namespaces/default/widgets/w")
        #expect(widgetCode == 200 && copied[path: ["metadata", "name"]] == "w", "the CRD is served in the copy")
        #expect(try await copy.call("GET", "/api/v1/namespaces/default/configmaps/a").0 == 200)
        #expect(
            try await EmulatorClient(copy.server, as: "alice").call("GET", "/api/v1/namespaces/default/configmaps").0
                == 403, "RBAC decides in the copy as in the original")

        #expect(
            try await copy.call("POST", "/api/v1/namespaces/default/configmaps", body: EmulatorClient.configMap("b")).0
                == 201)
        #expect(try await copy.call("DELETE", "/api/v1/namespaces/default/configmaps/a").0 == 200)
        #expect(try await original.call("GET", "/api/v1/namespaces/default/configmaps/b").0 == 404)
        #expect(try await original.call("GET", "/api/v1/namespaces/default/configmaps/a").0 == 200)
        #expect(original.server.store.resourceVersion == version)
        #expect(copy.server.store.resourceVersion > version)
    }
}
