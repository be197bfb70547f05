import DrawbridgeAPI
import Testing

/// The ClusterAccessRequest CRD is the AccessRequest CRD made cluster-scoped: the same spec and status
/// (one Swift type serves both), its own names, and only ClusterRoles to bind.
@Suite("ClusterAccessRequest CRD")
struct ClusterAccessRequestCRDTests {
    @Test("It has its own names, cluster scope, the status subresource and the AccessRequest's columns")
    func namesScopeAndColumns() throws {
        let crd = try PackageFiles.crd(PackageFiles.clusterAccessRequestCRD)
        let namespaced = try PackageFiles.crd(PackageFiles.accessRequestCRD)
        #expect(crd.metadata.name == "clusteraccessrequests.drawbridge.dev")
        #expect(crd.spec.scope == "Cluster")
        #expect(
            crd.spec.names
                == CustomResourceDefinitionNames(
                    plural: ClusterAccessRequest.plural, singular: "clusteraccessrequest",
                    kind: ClusterAccessRequest.kind, listKind: "ClusterAccessRequestList", shortNames: ["car"],
                    categories: ["drawbridge"]))
        let version = try #require(crd.spec.versions.first)
        #expect(version.hasStatusSubresource)
        #expect(
            version.additionalPrinterColumns?.map { [$0.name, $0.type, $0.jsonPath] }
                == namespaced.spec.versions.first?.additionalPrinterColumns?.map { [$0.name, $0.type, $0.jsonPath] })
    }

    @Test("Its schema is the AccessRequest's but for descriptions and the role kinds it accepts")
    func schemaMatchesAccessRequest() throws {
        func schema(_ file: String) throws -> JSONValue {
            let document = try #require(try YAMLJSON.documents(in: PackageFiles.text("crds/\(file)")).first)
            return try #require(document[path: ["spec", "versions"]]?.arrayValue?.first?["schema"])
        }
        var cluster = Self.withoutDescriptions(try schema(PackageFiles.clusterAccessRequestCRD))
        let namespaced = Self.withoutDescriptions(try schema(PackageFiles.accessRequestCRD))
        let kindPath = ["openAPIV3Schema", "properties", "spec", "properties", "role", "properties", "kind", "enum"]
        #expect(cluster[path: kindPath] == ["ClusterRole"])
        cluster[path: kindPath] = ["Role", "ClusterRole"]
        #expect(cluster == namespaced)
    }

    @Test("A ClusterAccessRequest and its AccessRequest value convert both ways without loss")
    func conversionRoundTrips() throws {
        var metadata = ObjectMeta(name: "alice-nodes")
        metadata.uid = "uid-1"
        let spec = AccessRequestSpec(
            role: RoleReference(kind: "ClusterRole", name: "view"), duration: "30m", reason: "INC-1",
            requester: UserIdentity(username: "alice"))
        let wire = ClusterAccessRequest(metadata: metadata, spec: spec, status: AccessRequestStatus(phase: .pending))
        let value = AccessRequest(wire)
        #expect(value.isClusterWide)
        #expect(value.kindName == "ClusterAccessRequest")
        #expect(value.bindingKind == "ClusterRoleBinding")
        #expect(value.placement == "cluster-wide")
        #expect(value.reference.kind == "ClusterAccessRequest")
        // Named alike from the request and from its key (messages about a request not at hand).
        #expect(value.displayName == "ClusterAccessRequest alice-nodes")
        #expect(AccessRequest.displayName(of: value.key) == value.displayName)
        var namespaced = value
        namespaced.metadata.namespace = "demo"
        #expect(namespaced.displayName == "AccessRequest demo/alice-nodes")
        #expect(AccessRequest.displayName(of: namespaced.key) == namespaced.displayName)
        #expect(ClusterAccessRequest(value) == wire)
        let json = try JSONValue(encoding: wire)
        #expect(json["kind"] == "ClusterAccessRequest")
        #expect(json[path: ["metadata", "namespace"]] == nil)
        #expect(try json.decode(as: ClusterAccessRequest.self) == wire)
        // A ClusterAccessRequest is never read as an AccessRequest, nor the other way round.
        #expect(throws: (any Error).self) { try json.decode(as: AccessRequest.self) }
    }

    @Test("A ClusterRoleBinding and its RoleBinding value convert both ways, unknown fields included")
    func bindingConversionRoundTrips() throws {
        let json: JSONValue = [
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
            "metadata": ["name": "drawbridge-alice-nodes"],
            "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"],
            "subjects": [["kind": "User", "name": "alice", "apiGroup": "rbac.authorization.k8s.io"]],
            "extra": "kept",
        ]
        let binding = try json.decode(as: ClusterRoleBinding.self)
        let value = RoleBinding(binding)
        #expect(value.isClusterWide)
        #expect(ClusterRoleBinding(value) == binding)
        #expect(try JSONValue(encoding: ClusterRoleBinding(value))["extra"] == "kept")
    }

    /// `value` with every `description` member removed, recursively.
    static func withoutDescriptions(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            .object(members.filter { $0.key != "description" }.mapValues(withoutDescriptions))
        case .array(let items): .array(items.map(withoutDescriptions))
        default: value
        }
    }
}
