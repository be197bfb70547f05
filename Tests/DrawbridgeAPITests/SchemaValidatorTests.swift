import DrawbridgeAPI
import Testing

/// Exact paths, reasons and messages matter: the emulator returns them as 422 causes and kubectl
/// prints them to users as a real API server would.
@Suite("SchemaValidator")
struct SchemaValidatorTests {
    /// One value checked against the AccessRequest or AccessPolicy schema.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var crd: String = PackageFiles.accessRequestCRD
        var yaml: String
        var expected: [FieldError]
        var testDescription: String { name }
    }

    static let duration = #"^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$"#

    static let crdCases: [Case] = [
        Case(
            name: "missing required members",
            yaml: "spec: {role: {kind: Role}}",
            expected: [
                FieldError(field: "spec.reason", reason: .required, message: "Required value"),
                FieldError(field: "spec.role.name", reason: .required, message: "Required value"),
            ]),
        Case(
            name: "a value outside the enum",
            yaml: "spec: {role: {kind: Role, name: x}, reason: r}\nstatus: {phase: Bogus}",
            expected: [
                FieldError(
                    field: "status.phase", reason: .notSupported,
                    message:
                        #"Unsupported value: "Bogus": supported values: "Pending", "Approved", "Scheduled", "Active", "Rejected", "Denied", "TimedOut", "Expired", "Revoked""#
                )
            ]),
        Case(
            name: "a string that does not match the pattern",
            yaml: "spec: {role: {kind: Role, name: x}, reason: r, duration: forever}",
            expected: [
                FieldError(
                    field: "spec.duration", reason: .invalid,
                    message: #"Invalid value: "forever": spec.duration in body should match '\#(duration)'"#)
            ]),
        Case(
            name: "a member of the wrong type",
            yaml: "spec: {role: {kind: Role, name: x}, reason: r}\nstatus: {observedGeneration: two}",
            expected: [
                FieldError(
                    field: "status.observedGeneration", reason: .typeInvalid,
                    message:
                        #"Invalid value: "string": status.observedGeneration in body must be of type integer: "string""#
                )
            ]),
        Case(
            name: "errors inside list items name the index",
            yaml: """
                spec: {role: {kind: Role, name: x}, reason: r}
                status:
                  approvals:
                    - {user: bob, decision: Approve, time: "2026-01-01T00:00:00Z"}
                    - {decision: Maybe, time: yesterday}
                """,
            expected: [
                FieldError(field: "status.approvals[1].user", reason: .required, message: "Required value"),
                FieldError(
                    field: "status.approvals[1].decision", reason: .notSupported,
                    message:
                        #"Unsupported value: "Maybe": supported values: "Approve", "Deny", "Revoke", "Extend", "Ratify", "Reject""#
                ),
                FieldError(
                    field: "status.approvals[1].time", reason: .typeInvalid,
                    message:
                        #"Invalid value: "yesterday": status.approvals[1].time in body must be of type date-time: "yesterday""#
                ),
            ]),
        Case(
            name: "strings shorter than minLength or longer than maxLength",
            yaml: "spec: {role: {kind: Role, name: ''}, reason: '\(String(repeating: "x", count: 1025))'}",
            expected: [
                FieldError(
                    field: "spec.reason", reason: .tooLong, message: "Too long: may not be more than 1024 bytes"),
                FieldError(
                    field: "spec.role.name", reason: .invalid,
                    message: #"Invalid value: "": spec.role.name in body should be at least 1 chars long"#),
            ]),
        Case(
            name: "duplicate keys in a map list",
            yaml: """
                spec: {role: {kind: Role, name: x}, reason: r}
                status:
                  conditions:
                    - {type: Ready, status: "True", reason: A, message: m, lastTransitionTime: "2026-01-01T00:00:00Z"}
                    - {type: Ready, status: "False", reason: B, message: m, lastTransitionTime: "2026-01-01T00:00:00Z"}
                """,
            expected: [
                FieldError(
                    field: "status.conditions[1]", reason: .duplicate, message: #"Duplicate value: {"type":"Ready"}"#)
            ]),
        Case(
            name: "numbers outside minimum and maximum, and lists below minItems",
            crd: PackageFiles.accessPolicyCRD,
            yaml: """
                spec: {requesters: {groups: [g]}, namespaces: {names: [demo]}, roles: [], maxDuration: 1h,
                       approval: {required: 11}}
                """,
            expected: [
                FieldError(
                    field: "spec.approval.required", reason: .invalid,
                    message: "Invalid value: 11: spec.approval.required in body should be less than or equal to 10"),
                FieldError(
                    field: "spec.roles", reason: .invalid,
                    message: "Invalid value: 0: spec.roles in body should have at least 1 items"),
            ]),
        Case(
            name: "a whole number written as 1.0 is an integer",
            crd: PackageFiles.accessPolicyCRD,
            yaml: """
                spec: {requesters: {groups: [g]}, namespaces: {names: [demo]}, roles: [{kind: Role, name: r}],
                       maxDuration: 1h30m, approval: {required: 1.0}}
                """,
            expected: []),
    ]

    @Test("Validation reports kube-apiserver's paths, reasons and messages", arguments: crdCases)
    func validatesLikeTheAPIServer(_ testCase: Case) throws {
        let schema = try PackageFiles.schema(of: PackageFiles.crd(testCase.crd))
        let value = try #require(YAMLJSON.documents(in: testCase.yaml).first)
        #expect(SchemaValidator.validate(value, against: schema) == testCase.expected)
    }

    static func schema(_ yaml: String) throws -> JSONSchemaProps {
        try #require(YAMLJSON.documents(in: yaml).first).decode(as: JSONSchemaProps.self)
    }

    @Test("Type rules: integers are numbers, null needs nullable, int-or-string takes both")
    func typeRules() throws {
        let schema = try Self.schema(
            """
            type: object
            properties:
              ratio: {type: number}
              note: {type: string}
              maybe: {type: string, nullable: true}
              port: {x-kubernetes-int-or-string: true}
            """)
        let fine = JSONValue.object(["ratio": .int(2), "maybe": .null, "port": .string("http")])
        #expect(SchemaValidator.validate(fine, against: schema) == [])
        #expect(SchemaValidator.validate(.object(["port": .int(80)]), against: schema) == [])
        let bad = JSONValue.object(["note": .null, "port": .bool(true), "ratio": .string("1")])
        #expect(
            SchemaValidator.validate(bad, against: schema).map(\.description) == [
                #"note: Invalid value: "null": note in body must be of type string: "null""#,
                #"port: Invalid value: "boolean": port in body must be of type integer,string: "boolean""#,
                #"ratio: Invalid value: "string": ratio in body must be of type number: "string""#,
            ])
    }

    @Test("An invalid pattern in a schema is reported as an error, never a crash")
    func invalidPatternIsAnError() throws {
        let schema = try Self.schema("{type: object, properties: {name: {type: string, pattern: '([a-z'}}}")
        let errors = SchemaValidator.validate(.object(["name": .string("abc")]), against: schema)
        #expect(errors.count == 1)
        #expect(errors.first?.reason == .invalid)
        #expect(
            errors.first?.message.hasPrefix(#"Invalid value: "abc": name in body has an invalid pattern '([a-z'"#)
                == true)
    }

    @Test(
        "Pruning removes unknown members, reports their paths and keeps apiVersion, kind, metadata and preserved subtrees"
    )
    func pruning() throws {
        let schema = try Self.schema(
            """
            type: object
            properties:
              apiVersion: {type: string}
              metadata: {type: object}
              spec:
                type: object
                properties:
                  items: {type: array, items: {type: object, properties: {name: {type: string}}}}
                  extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
                  labels: {type: object, additionalProperties: {type: string}}
            """)
        let value = try #require(
            YAMLJSON.documents(
                in: """
                    apiVersion: x/v1
                    kind: Thing
                    metadata: {name: a, labels: {k: v}}
                    bogus: 1
                    spec:
                      items: [{name: a, color: red}]
                      extra: {anything: [1, 2]}
                      labels: {team: checkout}
                      other: true
                    """
            ).first)
        let (pruned, unknown) = SchemaValidator.prune(value, schema: schema)
        #expect(unknown == ["bogus", "spec.items[0].color", "spec.other"])
        #expect(
            try pruned
                == YAMLJSON.documents(
                    in: """
                        apiVersion: x/v1
                        kind: Thing
                        metadata: {name: a, labels: {k: v}}
                        spec:
                          items: [{name: a}]
                          extra: {anything: [1, 2]}
                          labels: {team: checkout}
                        """
                ).first)
    }

    @Test("Defaults fill absent members, nested defaults apply inside defaulted objects, and non-nullable nulls go")
    func defaults() throws {
        let schema = try Self.schema(
            """
            type: object
            properties:
              spec:
                type: object
                properties:
                  timeout: {type: string, default: 1h}
                  approval:
                    type: object
                    default: {}
                    properties:
                      required: {type: integer, default: 1}
                  note: {type: string}
                  keep: {type: string, nullable: true}
                  items: {type: array, items: {type: object, properties: {weight: {type: integer, default: 5}}}}
            """)
        let value = JSONValue.object([
            "spec": .object(["note": .null, "keep": .null, "timeout": .null, "items": .array([.object([:])])])
        ])
        #expect(
            SchemaValidator.applyDefaults(value, schema: schema)
                == .object([
                    "spec": .object([
                        "timeout": .string("1h"), "approval": .object(["required": .int(1)]), "keep": .null,
                        "items": .array([.object(["weight": .int(5)])]),
                    ])
                ]))
    }
}
