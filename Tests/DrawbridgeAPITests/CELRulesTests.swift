import DrawbridgeAPI
import Testing

/// `spec is immutable` is the one CEL rule Drawbridge relies on; the emulator must enforce it and warn
/// about every other rule instead of silently pretending it holds.
@Suite("CELRules")
struct CELRulesTests {
    static func request(duration: String, phase: String) -> JSONValue {
        .object([
            "spec": .object([
                "role": .object(["kind": .string("ClusterRole"), "name": .string("edit")]),
                "reason": .string("INC-1"), "duration": .string(duration),
            ]),
            "status": .object(["phase": .string(phase)]),
        ])
    }

    @Test("Changing spec violates the immutability rule with the API server's message")
    func specChangeIsRejected() throws {
        let schema = try PackageFiles.schema(of: PackageFiles.crd(PackageFiles.accessRequestCRD))
        let errors = CELRules.transitionRuleViolations(
            old: Self.request(duration: "30m", phase: "Pending"), new: Self.request(duration: "8h", phase: "Pending"),
            schema: schema)
        #expect(
            errors == [
                FieldError(field: "spec", reason: .invalid, message: #"Invalid value: "object": spec is immutable"#)
            ])
    }

    @Test("Changing only status passes the immutability rule; only the break-glass/startAt rule is left to the webhook")
    func statusChangeIsAllowed() throws {
        let schema = try PackageFiles.schema(of: PackageFiles.crd(PackageFiles.accessRequestCRD))
        let report = CELRules.check(
            old: Self.request(duration: "30m", phase: "Pending"), new: Self.request(duration: "30m", phase: "Active"),
            schema: schema)
        #expect(report.violations == [])
        #expect(report.ignored.map(\.path) == ["spec"])
    }

    @Test("Rules other than self == oldSelf are reported as ignored, with their paths")
    func otherRulesAreIgnored() throws {
        let schema = try PackageFiles.schema(of: PackageFiles.crd(PackageFiles.accessPolicyCRD))
        let policy = try JSONValue(encoding: FullyPopulated.accessPolicy)
        let report = CELRules.check(old: policy, new: policy, schema: schema)
        #expect(report.violations == [])
        #expect(report.ignored.map(\.path) == ["spec", "spec", "spec.breakGlass.requesters", "spec.requesters"])
        #expect(
            CELRules.ignoredRules(in: schema).last?.rule.message
                == "at least one of users, groups or serviceAccounts must be non-empty")
    }

    @Test("Immutability is checked inside map-list items matched by key, whatever the spacing of the rule")
    func mapListItemsCorrelateByKey() throws {
        let schema = try SchemaValidatorTests.schema(
            """
            type: object
            properties:
              items:
                type: array
                x-kubernetes-list-type: map
                x-kubernetes-list-map-keys: [name]
                items:
                  type: object
                  required: [name]
                  properties:
                    name: {type: string}
                    value: {type: string, x-kubernetes-validations: [{rule: "oldSelf==self"}]}
            """)
        func items(_ pairs: [(String, String)]) -> JSONValue {
            .object(["items": .array(pairs.map { .object(["name": .string($0.0), "value": .string($0.1)]) })])
        }
        let errors = CELRules.transitionRuleViolations(
            old: items([("a", "1"), ("b", "2")]), new: items([("b", "2"), ("a", "changed"), ("c", "new")]),
            schema: schema)
        #expect(
            errors == [
                FieldError(
                    field: "items[1].value", reason: .invalid,
                    message: #"Invalid value: "string": failed rule: oldSelf==self"#)
            ])
    }
}
