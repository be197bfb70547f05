import DrawbridgeAPI
import Testing

/// Every file under `examples/` is something a user will `kubectl apply`: it must decode and pass the
/// schema a real API server would check, so a schema change that breaks an example fails here first.
@Suite("Example manifests")
struct ExampleManifestTests {
    static let files = PackageFiles.yamlFiles(under: "examples")

    @Test("The examples folder holds manifests to check")
    func examplesExist() {
        #expect(Self.files.count >= 4)
    }

    @Test("An example decodes and validates against its CRD with no errors and no unknown fields", arguments: files)
    func exampleIsValid(file: String) throws {
        let text = try PackageFiles.text(file)
        let manifests = try Manifest.decodeAll(text)
        #expect(!manifests.isEmpty)
        let crds = try PackageFiles.crdsByKind()
        for document in try YAMLJSON.documents(in: text) {
            let kind = document["kind"]?.stringValue ?? ""
            guard document["apiVersion"]?.stringValue == Drawbridge.apiVersion else { continue }
            let crd = try #require(crds[kind], "no CRD for kind \(kind)")
            let schema = try PackageFiles.schema(of: crd)
            #expect(SchemaValidator.validate(document, against: schema) == [], "\(file)")
            #expect(SchemaValidator.prune(document, schema: schema).unknownFieldPaths == [], "\(file)")
        }
    }
}

/// examples/notifications/policy.yaml is the wiring for an existing example, not a policy of its own.
@Suite("The notifications example policy")
struct NotificationExamplePolicyTests {
    @Test("It is examples/policies/developers-edit-demo.yaml with notify added")
    func sameAsTheExamplePlusNotify() throws {
        func policy(_ file: String) throws -> AccessPolicy {
            guard case .accessPolicy(let policy)? = try Manifest.decodeAll(try PackageFiles.text(file)).first else {
                throw TestFailure("\(file) holds no AccessPolicy")
            }
            return policy
        }
        var wired = try policy("examples/notifications/policy.yaml")
        let plain = try policy("examples/policies/developers-edit-demo.yaml")
        #expect(wired.spec.notify?.map(\.channel) == ["local-webhook", "team-slack"])
        wired.spec.notify = nil
        #expect(wired == plain)
    }
}
