import DrawbridgeAPI
import Testing

/// The CRD files are what `kubectl apply -k crds/` installs: names, scope, columns and schema shape
/// are the user-facing contract of `kubectl get ar` / `kubectl get ap`.
@Suite("CRD manifests")
struct CRDManifestTests {
    @Test("The AccessRequest CRD has the agreed names, scope, status subresource and columns")
    func accessRequestCRD() throws {
        let crd = try PackageFiles.crd(PackageFiles.accessRequestCRD)
        #expect(crd.metadata.name == "accessrequests.drawbridge.dev")
        #expect(crd.spec.group == Drawbridge.group)
        #expect(crd.spec.scope == "Namespaced")
        #expect(
            crd.spec.names
                == CustomResourceDefinitionNames(
                    plural: AccessRequest.plural, singular: "accessrequest", kind: AccessRequest.kind,
                    listKind: "AccessRequestList", shortNames: ["ar"], categories: ["drawbridge"]))
        let version = try #require(crd.spec.versions.first)
        #expect(crd.spec.versions.count == 1)
        #expect(version.name == Drawbridge.version && version.served && version.storage)
        #expect(version.hasStatusSubresource)
        #expect(
            version.additionalPrinterColumns?.map { [$0.name, $0.type, $0.jsonPath] } == [
                ["Requester", "string", ".spec.requester.username"],
                ["Role", "string", ".spec.role.name"],
                ["Duration", "string", ".spec.duration"],
                ["Phase", "string", ".status.phase"],
                ["Expires", "string", ".status.expiresAt"],
                ["Policy", "string", ".status.policy"],
                ["Starts", "string", ".spec.startAt"],
                ["Age", "date", ".metadata.creationTimestamp"],
            ])
        // Policy and Starts only with -o wide.
        #expect(version.additionalPrinterColumns?.filter { $0.priority == 1 }.map(\.name) == ["Policy", "Starts"])
        let spec = try #require(version.openAPIV3Schema?.properties?["spec"])
        #expect(spec.required == ["role", "reason"])
        #expect(
            spec.xValidations == [
                ValidationRule(rule: "self == oldSelf", message: "spec is immutable"),
                ValidationRule(
                    rule: "!(has(self.breakGlass) && self.breakGlass && has(self.startAt))",
                    message: "a break-glass request starts at once; it cannot have startAt"),
            ])
    }

    @Test("The AccessPolicy CRD has the agreed names, scope, status subresource and columns")
    func accessPolicyCRD() throws {
        let crd = try PackageFiles.crd(PackageFiles.accessPolicyCRD)
        #expect(crd.metadata.name == "accesspolicies.drawbridge.dev")
        #expect(crd.spec.group == Drawbridge.group)
        #expect(crd.spec.scope == "Cluster")
        #expect(
            crd.spec.names
                == CustomResourceDefinitionNames(
                    plural: AccessPolicy.plural, singular: "accesspolicy", kind: AccessPolicy.kind,
                    listKind: "AccessPolicyList", shortNames: ["ap"], categories: ["drawbridge"]))
        let version = try #require(crd.spec.versions.first)
        #expect(version.name == Drawbridge.version && version.served && version.storage)
        #expect(version.hasStatusSubresource)
        #expect(
            version.additionalPrinterColumns?.map { [$0.name, $0.type, $0.jsonPath] } == [
                ["Scope", "string", ".spec.scope"],
                ["Approvals", "integer", ".spec.approval.required"],
                ["Max Duration", "string", ".spec.maxDuration"],
                ["Age", "date", ".metadata.creationTimestamp"],
            ])
        let spec = try #require(version.openAPIV3Schema?.properties?["spec"])
        #expect(spec.required == ["requesters", "roles", "maxDuration", "approval"])
        #expect(
            spec.xValidations?.map(\.message) == [
                "namespaces is required for scope Namespaced and must be absent for scope Cluster",
                "a policy with scope Cluster may offer only ClusterRoles",
            ])
        #expect(spec.properties?["roles"]?.minItems == 1)
        #expect(
            CELRules.ignoredRules(in: try PackageFiles.schema(of: crd)).map(\.path) == [
                "spec", "spec", "spec.breakGlass.requesters", "spec.requesters",
            ])
    }

    @Test(
        "The kustomization lists every CRD file",
        arguments: [
            PackageFiles.accessRequestCRD, PackageFiles.clusterAccessRequestCRD, PackageFiles.accessPolicyCRD,
            PackageFiles.notificationChannelCRD,
        ])
    func kustomizationListsCRD(file: String) throws {
        let kustomization = try #require(YAMLJSON.documents(in: PackageFiles.text("crds/kustomization.yaml")).first)
        #expect(kustomization["resources"]?.arrayValue?.contains(.string(file)) == true)
    }

    @Test(
        "CRD schemas are structural as kube-apiserver requires",
        arguments: [PackageFiles.accessRequestCRD, PackageFiles.accessPolicyCRD])
    func schemaIsStructural(file: String) throws {
        let schema = try PackageFiles.schema(of: PackageFiles.crd(file))
        #expect(structuralProblems(schema, at: "") == [])
        #expect(schema.properties?["metadata"] == JSONSchemaProps(type: "object"))
    }

    @Test("A CRD survives a decode-encode round trip, unknown members included")
    func crdRoundTrips() throws {
        var document = try #require(
            YAMLJSON.documents(in: PackageFiles.text("crds/\(PackageFiles.accessRequestCRD)")).first)
        guard case .object(var fields) = document, case .object(var spec)? = fields["spec"] else {
            throw TestFailure("CRD is not an object")
        }
        spec["futureField"] = .string("kept")
        fields["spec"] = .object(spec)
        document = .object(fields)
        let crd = try document.decode(as: CustomResourceDefinition.self)
        #expect(try JSONValue(encoding: crd) == document)
    }

    /// The structural-schema rules kube-apiserver enforces that our CRDs could break.
    private func structuralProblems(_ schema: JSONSchemaProps, at path: String) -> [String] {
        var problems: [String] = []
        let exempt = schema.xIntOrString == true || schema.preservesUnknownFields
        if schema.type == nil && !exempt { problems.append("\(path): type is missing") }
        if schema.properties != nil && schema.additionalProperties != nil {
            problems.append("\(path): properties and additionalProperties together")
        }
        if schema.type == "array" && schema.items == nil { problems.append("\(path): array without items") }
        if schema.xListMapKeys != nil && schema.xListType != "map" {
            problems.append("\(path): list-map-keys without list-type map")
        }
        for key in schema.xListMapKeys ?? [] where !(schema.items?.required ?? []).contains(key) {
            problems.append("\(path): map key \(key) is not required")
        }
        if let pattern = schema.pattern, (try? Regex(pattern)) == nil { problems.append("\(path): bad pattern") }
        if !schema.unknownFields.isEmpty {
            problems.append("\(path): unexpected members \(schema.unknownFields.values.keys.sorted())")
        }
        for (name, property) in schema.properties ?? [:] {
            problems += structuralProblems(property, at: path.isEmpty ? name : "\(path).\(name)")
        }
        if let items = schema.items { problems += structuralProblems(items, at: path + "[]") }
        if case .schema(let values) = schema.additionalProperties {
            problems += structuralProblems(values, at: path + ".*")
        }
        return problems
    }
}
