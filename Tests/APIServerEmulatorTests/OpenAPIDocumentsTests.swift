import APIServerEmulator
import DrawbridgeAPI
import Testing

@Suite("OpenAPI documents")
struct OpenAPIDocumentsTests {
    typealias F = EmulatorFixtures

    static let types = [F.namespaces, F.roleBindings, F.crds, F.accessRequest, F.selfSubjectAccessReviews]
    static let documents = OpenAPIDocuments(types: types)

    @Test("The root lists every served group version with a hashed server-relative URL")
    func rootListsEveryGroupVersion() {
        let paths = Self.documents.root()["paths"]?.objectValue ?? [:]
        #expect(
            Set(paths.keys) == [
                "api/v1", "apis/rbac.authorization.k8s.io/v1", "apis/apiextensions.k8s.io/v1",
                "apis/drawbridge.dev/v1alpha1",
                "apis/authorization.k8s.io/v1",
            ])
        for (path, entry) in paths {
            let hash = Self.documents.hash(path: path) ?? "missing"
            #expect(entry == .object(["serverRelativeURL": .string("/openapi/v3/\(path)?hash=\(hash)")]))
            #expect(hash.count == 32 && hash.allSatisfy(\.isHexDigit))
        }
    }

    @Test("A custom resource's document has one PATCH operation with its GVK and no strategic merge patch")
    func customResourceDocument() throws {
        let document = try #require(Self.documents.document(path: "apis/drawbridge.dev/v1alpha1"))
        let expected = try F.json(
            """
            {"operationId":"patchNamespacedAccessRequest","x-kubernetes-action":"patch",
             "x-kubernetes-group-version-kind":{"group":"drawbridge.dev","version":"v1alpha1","kind":"AccessRequest"},
             "parameters":[{"name":"dryRun","in":"query","schema":{"type":"string"}},
                           {"name":"fieldManager","in":"query","schema":{"type":"string"}},
                           {"name":"fieldValidation","in":"query","schema":{"type":"string"}},
                           {"name":"force","in":"query","schema":{"type":"boolean"}}],
             "requestBody":{"required":true,"content":{
               "application/json-patch+json":{"schema":{"type":"object"}},
               "application/merge-patch+json":{"schema":{"type":"object"}},
               "application/apply-patch+yaml":{"schema":{"type":"object"}}}},
             "responses":{"200":{"description":"OK"}}}
            """)
        #expect(document["openapi"] == .string("3.0.0"))
        #expect(document["info"] == .object(["title": .string("Kubernetes"), "version": .string("v1.32.0")]))
        #expect(
            document["paths"]?.objectValue?.keys.sorted() == [
                "/apis/drawbridge.dev/v1alpha1/namespaces/{namespace}/accessrequests/{name}"
            ])
        #expect(
            document[path: [
                "paths", "/apis/drawbridge.dev/v1alpha1/namespaces/{namespace}/accessrequests/{name}", "patch",
            ]] == expected)
        let schema = document[path: ["components", "schemas", "dev.drawbridge.v1alpha1.AccessRequest"]]
        #expect(schema?["type"] == .string("object"))
        #expect(
            schema?["x-kubernetes-group-version-kind"]
                == .array([
                    .object([
                        "group": .string("drawbridge.dev"), "version": .string("v1alpha1"),
                        "kind": .string("AccessRequest"),
                    ])
                ]))
    }

    @Test("No document anywhere advertises application/strategic-merge-patch+json")
    func noStrategicMergePatch() {
        for path in (Self.documents.root()["paths"]?.objectValue ?? [:]).keys {
            let text = StableHash.canonicalText(Self.documents.document(path: path) ?? .null)
            #expect(!text.contains("strategic-merge-patch"), "\(path)")
        }
    }

    @Test("Core and cluster-scoped kinds get item paths without a namespace segment; create-only kinds get none")
    func itemPaths() {
        let core = Self.documents.document(path: "/openapi/v3/api/v1?hash=X")
        #expect(core?["paths"]?.objectValue?.keys.sorted() == ["/api/v1/namespaces/{name}"])
        #expect(
            core?[path: ["paths", "/api/v1/namespaces/{name}", "patch", "x-kubernetes-group-version-kind"]]
                == .object(["group": .string(""), "version": .string("v1"), "kind": .string("Namespace")]))
        let crds = Self.documents.document(path: "apis/apiextensions.k8s.io/v1")
        #expect(
            crds?["paths"]?.objectValue?.keys.sorted() == [
                "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}"
            ])
        #expect(crds?[path: ["components", "schemas"]] == .object([:]))
        #expect(Self.documents.document(path: "apis/authorization.k8s.io/v1")?["paths"] == .object([:]))
        #expect(Self.documents.document(path: "apis/nope.example.com/v1") == nil)
        #expect(Self.documents.document(path: "apis/drawbridge.dev") == nil)
    }

    @Test(
        "Hashes are stable across builds and input order, and change only for the group version whose content changed")
    func hashStability() {
        let again = OpenAPIDocuments(types: Self.types.reversed())
        #expect(again.root() == Self.documents.root())

        var changed = F.accessRequest
        changed.schema = JSONSchemaProps(type: "object", description: "a different description")
        let edited = OpenAPIDocuments(types: [
            F.namespaces, F.roleBindings, F.crds, changed, F.selfSubjectAccessReviews,
        ])
        #expect(
            edited.hash(path: "apis/drawbridge.dev/v1alpha1")
                != Self.documents.hash(path: "apis/drawbridge.dev/v1alpha1"))
        #expect(edited.hash(path: "api/v1") == Self.documents.hash(path: "api/v1"))

        let grown = OpenAPIDocuments(types: Self.types + [F.roles])
        #expect(
            grown.hash(path: "apis/rbac.authorization.k8s.io/v1")
                != Self.documents.hash(path: "apis/rbac.authorization.k8s.io/v1"))
        #expect(
            grown.hash(path: "apis/drawbridge.dev/v1alpha1")
                == Self.documents.hash(path: "apis/drawbridge.dev/v1alpha1"))
    }

    @Test("Canonical JSON text sorts keys, so equal values hash equally")
    func canonicalText() {
        let value: JSONValue = .object([
            "b": .int(1), "a": .array([.string("x\"y"), .null, .bool(true), .double(1.5)]),
        ])
        #expect(StableHash.canonicalText(value) == #"{"a":["x\"y",null,true,1.5],"b":1}"#)
        #expect(StableHash.hex(of: value) == StableHash.hex(of: value))
        #expect(StableHash.hex(of: value) != StableHash.hex(of: .object(["b": .int(2)])))
    }
}
