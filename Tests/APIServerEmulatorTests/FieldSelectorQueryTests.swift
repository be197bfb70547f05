import APIServerEmulator
import DrawbridgeAPI
import Testing

@Suite("Field selector queries")
struct FieldSelectorQueryTests {
    static let coreEvent = ResourceType(group: "", version: "v1", kind: "Event", plural: "events", namespaced: true)
    static let newEvent = ResourceType(
        group: "events.k8s.io", version: "v1", kind: "Event", plural: "events", namespaced: true)
    static let namespace = ResourceType(
        group: "", version: "v1", kind: "Namespace", plural: "namespaces", namespaced: false)
    static let configMap = ResourceType(
        group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", namespaced: true)
    static let accessRequest = ResourceType(
        group: "drawbridge.dev", version: "v1alpha1", kind: "AccessRequest", plural: "accessrequests",
        namespaced: true, isCustom: true, selectableFields: [".spec.role", ".spec.replicas", ".spec.urgent"])

    static func event() throws -> JSONValue {
        try json(
            """
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"x.17f","namespace":"ns"},
             "involvedObject":{"kind":"AccessRequest","namespace":"ns","name":"x","uid":"u-1",
                               "apiVersion":"drawbridge.dev/v1alpha1","resourceVersion":"7"},
             "reason":"Approved","type":"Normal","source":{"component":"drawbridge"},"reportingComponent":"drawbridge"}
            """)
    }

    @Test(
        "kubectl describe's event selector matches in any term order",
        arguments: [
            "involvedObject.kind=AccessRequest,involvedObject.uid=u-1,involvedObject.name=x,involvedObject.namespace=ns",
            "involvedObject.namespace=ns,involvedObject.name=x,involvedObject.uid=u-1,involvedObject.kind=AccessRequest",
            "involvedObject.uid==u-1,involvedObject.kind=AccessRequest,involvedObject.namespace=ns,involvedObject.name=x",
        ])
    func describeSelector(_ text: String) throws {
        let query = try FieldSelectorQuery(parsing: text)
        try query.validate(
            allowed: FieldSelectorQuery.allowedFields(for: Self.coreEvent), resourceDescription: "events")
        #expect(query.matches(FieldSelectorQuery.fields(of: try Self.event(), type: Self.coreEvent)))
    }

    @Test(
        "Core Event fields cover the involved object, reason, source, reporting component and type",
        arguments: [
            ("involvedObject.apiVersion=drawbridge.dev/v1alpha1", true), ("involvedObject.resourceVersion=7", true),
            ("involvedObject.fieldPath=", true), ("reason=Approved", true), ("reason!=Approved", false),
            ("source=drawbridge", true), ("reportingComponent=drawbridge", true), ("type=Warning", false),
            ("metadata.name=x.17f,metadata.namespace=ns", true), ("involvedObject.uid=u-2", false),
        ])
    func coreEventFields(_ text: String, _ expected: Bool) throws {
        let query = try FieldSelectorQuery(parsing: text)
        #expect(query.matches(FieldSelectorQuery.fields(of: try Self.event(), type: Self.coreEvent)) == expected)
    }

    @Test("events.k8s.io Events select on regarding and reportingController")
    func newEventFields() throws {
        let event = try json(
            """
            {"metadata":{"name":"e","namespace":"ns"},"regarding":{"kind":"AccessRequest","name":"x","uid":"u"},
             "reportingController":"drawbridge.dev/controller","reason":"Granted","type":"Normal"}
            """)
        let fields = FieldSelectorQuery.fields(of: event, type: Self.newEvent)
        let query = try FieldSelectorQuery(
            parsing: "regarding.name=x,regarding.uid=u,reportingController=drawbridge.dev/controller,type=Normal")
        #expect(query.matches(fields))
        #expect(FieldSelectorQuery.allowedFields(for: Self.newEvent).contains("regarding.fieldPath"))
        #expect(!FieldSelectorQuery.allowedFields(for: Self.newEvent).contains("involvedObject.name"))
    }

    @Test("Namespaces select on status.phase")
    func namespacePhase() throws {
        let object = try json(#"{"metadata":{"name":"team-a"},"status":{"phase":"Terminating"}}"#)
        let fields = FieldSelectorQuery.fields(of: object, type: Self.namespace)
        #expect(try FieldSelectorQuery(parsing: "status.phase=Terminating").matches(fields))
        #expect(try FieldSelectorQuery(parsing: "status.phase!=Active,metadata.namespace=").matches(fields))
    }

    @Test("Custom resources select on their selectableFields, scalars rendered as text")
    func customResourceFields() throws {
        let object = try json(
            #"{"metadata":{"name":"r","namespace":"ns"},"spec":{"role":"edit","replicas":3,"urgent":true}}"#)
        let fields = FieldSelectorQuery.fields(of: object, type: Self.accessRequest)
        #expect(
            fields == [
                "metadata.name": "r", "metadata.namespace": "ns", "spec.role": "edit", "spec.replicas": "3",
                "spec.urgent": "true",
            ])
        #expect(
            FieldSelectorQuery.allowedFields(for: Self.accessRequest)
                == ["metadata.name", "metadata.namespace", "spec.role", "spec.replicas", "spec.urgent"])
    }

    @Test("An unknown field is rejected with the real server's message")
    func unknownFieldMessage() throws {
        let query = try FieldSelectorQuery(parsing: "spec.role=edit")
        #expect(
            throws: SelectorError(
                .unknownField, #""spec.role" is not a known field selector: only "metadata.name", "metadata.namespace""#
            )
        ) {
            try query.validate(
                allowed: FieldSelectorQuery.allowedFields(for: Self.configMap), resourceDescription: "configmaps")
        }
    }

    @Test("The unknown-field message lists a kind's extra fields after name and namespace")
    func unknownFieldMessageListsExtras() throws {
        let query = try FieldSelectorQuery(parsing: "spec.bogus=1")
        #expect(
            throws: SelectorError(
                .unknownField,
                #""spec.bogus" is not a known field selector: only "metadata.name", "metadata.namespace", "#
                    + #""spec.replicas", "spec.role", "spec.urgent""#)
        ) {
            try query.validate(
                allowed: FieldSelectorQuery.allowedFields(for: Self.accessRequest),
                resourceDescription: "accessrequests.drawbridge.dev")
        }
    }

    @Test("Escaped commas and equals signs belong to the value")
    func escapes() throws {
        let query = try FieldSelectorQuery(parsing: #"metadata.name=a\,b\=c\\d,metadata.namespace!=x"#)
        #expect(query.terms.map(\.value).sorted() == [#"a,b=c\d"#, "x"])
        #expect(query.matches(["metadata.name": #"a,b=c\d"#, "metadata.namespace": "ns"]))
        #expect(query.requiredValue(of: "metadata.name") == #"a,b=c\d"#)
    }

    @Test(
        "Malformed field selectors are rejected",
        arguments: [
            ("metadata.name", "invalid selector: 'metadata.name'; can't understand 'metadata.name'"),
            ("a=b,c", "invalid selector: 'a=b,c'; can't understand 'c'"),
            ("a=b=c", "invalid field selector: unescaped character in value: ="),
            (#"a=b\x"#, #"invalid field selector: invalid escape sequence: \x"#),
            (#"a=b\"#, #"invalid field selector: invalid escape sequence: \"#),
        ])
    func malformed(_ text: String, _ message: String) {
        #expect(throws: SelectorError(.malformed, message)) { try FieldSelectorQuery(parsing: text) }
    }

    @Test("An empty field selector matches everything")
    func emptySelector() throws {
        let query = try FieldSelectorQuery(parsing: "")
        #expect(query.isEmpty)
        #expect(query.matches([:]))
    }
}
