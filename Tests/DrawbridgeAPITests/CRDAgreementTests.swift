import DrawbridgeAPI
import Testing

/// The CRDs and the Swift types must agree field for field: a field only in Swift is pruned by the API
/// server (silent data loss); a field only in the CRD is one the controller can never read or write.
@Suite("CRD schemas agree with the Swift types")
struct CRDAgreementTests {
    static let cases: [(crd: String, object: @Sendable () throws -> JSONValue)] = [
        (PackageFiles.accessRequestCRD, { try JSONValue(encoding: FullyPopulated.accessRequest) }),
        (PackageFiles.accessPolicyCRD, { try JSONValue(encoding: FullyPopulated.accessPolicy) }),
        (PackageFiles.notificationChannelCRD, { try JSONValue(encoding: FullyPopulated.notificationChannel) }),
    ]

    @Test("A fully populated object validates against its CRD and nothing in it is pruned", arguments: [0, 1, 2])
    func fullyPopulatedObjectIsValid(index: Int) throws {
        let (file, make) = Self.cases[index]
        let schema = try PackageFiles.schema(of: PackageFiles.crd(file))
        let object = try make()
        #expect(SchemaValidator.validate(object, against: schema) == [])
        let (pruned, unknown) = SchemaValidator.prune(object, schema: schema)
        #expect(unknown == [])
        #expect(pruned == object)
    }

    @Test("Every field the Swift type encodes is declared by the CRD", arguments: [0, 1, 2])
    func swiftFieldsAreInTheSchema(index: Int) throws {
        let (file, make) = Self.cases[index]
        let schema = try PackageFiles.schema(of: PackageFiles.crd(file))
        let declared = SchemaPaths.declared(by: schema)
        let present = SchemaPaths.present(in: try make(), schema: schema).filter { !$0.hasPrefix("metadata.") }
        #expect(present.subtracting(declared).sorted() == [], "fields missing from \(file)")
    }

    @Test("Every field the CRD declares under spec and status is encoded by the Swift type", arguments: [0, 1, 2])
    func schemaFieldsAreInSwift(index: Int) throws {
        let (file, make) = Self.cases[index]
        let schema = try PackageFiles.schema(of: PackageFiles.crd(file))
        let declared = SchemaPaths.declared(by: schema).filter { $0.hasPrefix("spec.") || $0.hasPrefix("status.") }
        let present = SchemaPaths.present(in: try make(), schema: schema)
        #expect(declared.subtracting(present).sorted() == [], "fields in \(file) that Swift never writes")
        #expect(declared.count > 20)
    }

    @Test(
        "Every enum in the CRDs lists exactly the Swift enum's values",
        arguments: [
            (PackageFiles.accessRequestCRD, "status.phase", AccessRequestPhase.allCases.map(\.rawValue)),
            (PackageFiles.accessRequestCRD, "status.review.decision", ReviewDecision.allCases.map(\.rawValue)),
            (PackageFiles.accessRequestCRD, "status.approvals[].decision", ReviewDecision.allCases.map(\.rawValue)),
            (PackageFiles.accessRequestCRD, "status.conditions[].status", Condition.Status.allCases.map(\.rawValue)),
            (PackageFiles.accessRequestCRD, "status.extensions[].state", GrantExtension.State.allCases.map(\.rawValue)),
            (PackageFiles.accessRequestCRD, "spec.role.kind", RoleReference.supportedKinds),
            (PackageFiles.accessPolicyCRD, "spec.roles[].kind", RoleReference.supportedKinds),
            (PackageFiles.accessPolicyCRD, "spec.scope", AccessPolicyScope.allCases.map(\.rawValue)),
            (PackageFiles.clusterAccessRequestCRD, "spec.role.kind", [ClusterRole.kind]),
            (PackageFiles.accessPolicyCRD, "status.conditions[].status", Condition.Status.allCases.map(\.rawValue)),
            (
                PackageFiles.accessPolicyCRD, "spec.namespaces.selector.matchExpressions[].operator",
                LabelSelector.Requirement.Operator.allCases.map(\.rawValue)
            ),
            (
                PackageFiles.accessRequestCRD, "status.notifications.*.deliveries.*.result",
                NotificationDelivery.results
            ),
            (PackageFiles.notificationChannelCRD, "spec.type", NotificationChannelSpec.supportedTypes),
            (
                PackageFiles.notificationChannelCRD, "spec.webhook.contentMode",
                WebhookChannelSettings.supportedContentModes
            ),
            (
                PackageFiles.notificationChannelCRD, "status.conditions[].status",
                Condition.Status.allCases.map(\.rawValue)
            ),
        ])
    func enumsMatch(file: String, path: String, swiftValues: [String]) throws {
        let schema = try PackageFiles.schema(of: PackageFiles.crd(file))
        let node = try #require(SchemaPaths.node(path, in: schema), "\(path) not found in \(file)")
        #expect(node.enum == swiftValues.map(JSONValue.string))
    }

    @Test("Every enum in the CRDs is covered by the enum agreement test")
    func noEnumIsLeftUnchecked() throws {
        func enumPaths(_ schema: JSONSchemaProps, _ path: String) -> [String] {
            var found = schema.enum == nil ? [] : [path]
            for (name, property) in schema.properties ?? [:] {
                found += enumPaths(property, path.isEmpty ? name : "\(path).\(name)")
            }
            if let items = schema.items { found += enumPaths(items, path + "[]") }
            if let values = schema.additionalPropertiesSchema { found += enumPaths(values, path + ".*") }
            return found
        }
        let request = try enumPaths(PackageFiles.schema(of: PackageFiles.crd(PackageFiles.accessRequestCRD)), "")
        let policy = try enumPaths(PackageFiles.schema(of: PackageFiles.crd(PackageFiles.accessPolicyCRD)), "")
        let channel = try enumPaths(
            PackageFiles.schema(of: PackageFiles.crd(PackageFiles.notificationChannelCRD)), "")
        #expect(request.count == 7)
        #expect(policy.count == 4)
        #expect(channel.count == 3)
    }
}
