import DrawbridgeAPI
import Testing

@Suite("Manifest decoding")
struct ManifestDecodingTests {
    @Test("A multi-document YAML file decodes every object in order, flattening Lists")
    func multiDocument() throws {
        let yaml = """
            apiVersion: drawbridge.dev/v1alpha1
            kind: AccessRequest
            metadata: {name: a, namespace: demo}
            spec:
              role: {kind: ClusterRole, name: edit}
              duration: 30m
              reason: "INC-1"
            ---
            apiVersion: v1
            kind: List
            items:
            - apiVersion: rbac.authorization.k8s.io/v1
              kind: ClusterRole
              metadata: {name: edit}
              rules:
              - {verbs: [get], apiGroups: [""], resources: [pods]}
            ---
            """
        let manifests = try Manifest.decodeAll(yaml)
        #expect(manifests.map(\.displayName) == ["AccessRequest/a", "ClusterRole/edit"])
        guard case .accessRequest(let request) = manifests.first else { return }
        #expect(request.spec.duration == "30m")
    }

    @Test("Kinds Drawbridge does not model are kept as they are")
    func otherKinds() throws {
        let manifests = try Manifest.decodeAll("apiVersion: v1\nkind: Namespace\nmetadata: {name: demo}")
        #expect(manifests.map(\.displayName) == ["Namespace/demo"])
    }

    @Test("YAML scalars keep their intended type: quoted text stays text, timestamps stay strings")
    func scalarTypes() throws {
        let docs = try YAMLJSON.documents(
            in: "a: \"true\"\nb: true\nc: 2026-11-22T18:44:13Z\nd: 12\ne: 1.5\nf: null\ng: '007'")
        #expect(docs.first?["a"] == .string("true"))
        #expect(docs.first?["b"] == .bool(true))
        #expect(docs.first?["c"] == .string("2026-11-22T18:44:13Z"))
        #expect(docs.first?["d"] == .int(12))
        #expect(docs.first?["e"] == .double(1.5))
        #expect(docs.first?["f"] == JSONValue.null)
        #expect(docs.first?["g"] == .string("007"))
    }

    @Test(
        "Bad manifests give one clear line naming the document and field",
        arguments: [
            (
                "apiVersion: drawbridge.dev/v1alpha1\nkind: AccessRequest\nmetadata: {name: a}\nspec: {duration: 1h}",
                "document 1: spec.role: Required value"
            ),
            (
                "apiVersion: drawbridge.dev/v1alpha1\nkind: AccessRequest\nspec: {role: {kind: Role, name: [x]}}",
                "document 1: spec.role.name: expected a string"
            ),
            (
                "apiVersion: drawbridge.dev/v1alpha1\nkind: AccessRequest\nspec: {role: {kind: Role, name: x}}\nstatus: {phase: Bogus}",
                "document 1: status.phase: unsupported value"
            ),
            ("kind: AccessRequest", "document 1: apiVersion and kind are required"),
            ("- just\n- a list", "document 1: expected an object with apiVersion and kind"),
            ("a: b\na: c", "not valid YAML: Parser: expected all keys to be unique"),
            ("key: [unclosed", "not valid YAML"),
        ])
    func badManifests(_ yaml: String, _ expectedPrefix: String) {
        do {
            _ = try Manifest.decodeAll(yaml)
            Issue.record("expected an error for \(yaml)")
        } catch {
            #expect(error.description.hasPrefix(expectedPrefix), "\(error.description)")
            #expect(!error.description.contains("CodingKeys"))
            #expect(!error.description.contains("\n"), "one line only")
        }
    }
}
