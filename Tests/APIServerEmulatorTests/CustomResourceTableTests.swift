import APIServerEmulator
import DrawbridgeAPI
import Testing

@Suite("Custom resource Tables")
struct CustomResourceTableTests {
    static let active: JSONValue =
        (try? EmulatorFixtures.json(
            """
            {"apiVersion":"drawbridge.dev/v1alpha1","kind":"AccessRequest",
             "metadata":{"name":"alice-debug","namespace":"team-a","uid":"u-1","resourceVersion":"108","generation":1,
               "creationTimestamp":"2026-11-22T18:50:01Z","labels":{"drawbridge.dev/requester":"alice"},
               "managedFields":[{"manager":"kubectl","operation":"Update"}]},
             "spec":{"requester":{"username":"alice"},"role":{"kind":"ClusterRole","name":"edit"},"duration":"30m"},
             "status":{"phase":"Active","expiresAt":"2026-11-22T19:20:01Z"}}
            """)) ?? .null

    static let fresh: JSONValue =
        (try? EmulatorFixtures.json(
            """
            {"apiVersion":"drawbridge.dev/v1alpha1","kind":"AccessRequest",
             "metadata":{"name":"bob-db","namespace":"team-a","uid":"u-2","resourceVersion":"109",
               "creationTimestamp":"2026-11-20T18:50:17Z"},
             "spec":{"requester":{"username":"bob"},"role":{"kind":"Role","name":"db-admin"},"duration":"1h"}}
            """)) ?? .null

    static func table(_ include: IncludeObject) -> JSONValue {
        TablePrinter.table(
            type: EmulatorFixtures.accessRequest, objects: [active, fresh], listResourceVersion: "110",
            continueToken: nil, includeObject: include, now: EmulatorFixtures.now)
    }

    @Test("An AccessRequest Table has Name, the CRD's columns in order, and cells typed per column")
    func accessRequestTable() throws {
        let expected = try EmulatorFixtures.json(
            """
            {"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"110"},
             "columnDefinitions":[
              {"name":"Name","type":"string","format":"name","description":"\(TableColumn.nameDescription)","priority":0},
              {"name":"Requester","type":"string","format":"","description":"Who asked, as authenticated by the API server.","priority":0},
              {"name":"Role","type":"string","format":"","description":"The Role or ClusterRole requested.","priority":0},
              {"name":"Duration","type":"string","format":"","description":"How long access lasts once granted.","priority":0},
              {"name":"Phase","type":"string","format":"","description":"Where the request is in its lifecycle.","priority":0},
              {"name":"Expires","type":"string","format":"","description":"When the grant is revoked (RFC 3339, UTC).","priority":0},
              {"name":"Age","type":"date","format":"","description":"","priority":0}],
             "rows":[
              {"cells":["alice-debug","alice","edit","30m","Active","2026-11-22T19:20:01Z","16s"],
               "object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1",
                 "metadata":{"name":"alice-debug","namespace":"team-a","uid":"u-1","resourceVersion":"108","generation":1,
                   "creationTimestamp":"2026-11-22T18:50:01Z","labels":{"drawbridge.dev/requester":"alice"}}}},
              {"cells":["bob-db","bob","db-admin","1h",null,null,"2d"],
               "object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1",
                 "metadata":{"name":"bob-db","namespace":"team-a","uid":"u-2","resourceVersion":"109",
                   "creationTimestamp":"2026-11-20T18:50:17Z"}}}]}
            """)
        #expect(Self.table(.metadata) == expected)
    }

    @Test("includeObject=None omits row objects and includeObject=Object carries the full object")
    func includeObjectVariants() {
        let none = Self.table(.none)["rows"]?.arrayValue ?? []
        #expect(none.count == 2)
        #expect(none.allSatisfy { $0["object"] == nil && $0["cells"] != nil })
        let full = Self.table(.object)["rows"]?.arrayValue ?? []
        #expect(full.map { $0["object"] } == [Self.active, Self.fresh])
    }

    @Test(
        "The includeObject query value defaults to Metadata and rejects unknown values",
        arguments: [
            (nil, IncludeObject?.some(.metadata)), ("", .metadata), ("None", IncludeObject.none),
            ("Metadata", .metadata),
            ("Object", .object), ("object", nil),
        ] as [(String?, IncludeObject?)])
    func includeObjectParsing(query: String?, expected: IncludeObject?) {
        #expect(IncludeObject(queryValue: query) == expected)
    }

    @Test("A continue token is passed through in the Table's metadata")
    func continueToken() {
        let table = TablePrinter.table(
            type: EmulatorFixtures.accessRequest, objects: [], listResourceVersion: "7", continueToken: "abc",
            includeObject: .metadata, now: EmulatorFixtures.now)
        #expect(table["metadata"] == .object(["resourceVersion": .string("7"), "continue": .string("abc")]))
        #expect(table["rows"] == .array([]))
    }

    @Test("A CRD without printer columns gets Name and a date-typed Age")
    func defaultColumns() {
        var type = EmulatorFixtures.accessRequest
        type.printerColumns = []
        #expect(TablePrinter.columns(for: type).map { [$0.name, $0.type] } == [["Name", "string"], ["Age", "date"]])
        #expect(
            TablePrinter.cells(for: type, object: Self.active, now: EmulatorFixtures.now) == [
                .string("alice-debug"), .string("16s"),
            ])
    }

    @Test(
        "Column cells are converted by column type as the CRD handler does",
        arguments: [
            ("integer", JSONValue.int(3), JSONValue.int(3)), ("integer", .double(2.7), .int(2)),
            ("integer", .string("3"), .null), ("number", .int(2), .double(2)), ("number", .double(1.5), .double(1.5)),
            ("boolean", .bool(true), .bool(true)), ("boolean", .string("true"), .null),
            ("string", .int(5), .string("5")), ("string", .bool(false), .string("false")),
            ("string", .array([.string("a"), .string("b")]), .string("[a b]")),
            ("date", .string("2026-11-22T18:45:14Z"), .string("5m3s")),
            ("date", .string("2026-11-22T19:50:17Z"), .string("<invalid>")),
            ("date", .string("soon"), .string("<invalid>")), ("date", .int(1), .null), ("string", .null, .null),
        ] as [(String, JSONValue, JSONValue)])
    func cellConversion(type: String, value: JSONValue, expected: JSONValue) {
        #expect(CustomResourcePrinter.cell(type: type, value: value, now: EmulatorFixtures.now) == expected)
    }

    @Test("Priority-1 printer columns keep their priority on the wire")
    func priorityIsKept() {
        var type = EmulatorFixtures.accessRequest
        type.printerColumns = [
            CustomResourceColumnDefinition(name: "Reason", type: "string", jsonPath: ".spec.reason", priority: 1)
        ]
        #expect(TablePrinter.columns(for: type).last?.json["priority"] == .int(1))
    }

    @Test("Watch-event Tables carry column definitions only on the first event and the object's resourceVersion")
    func watchEventTables() {
        let first = TablePrinter.watchEventTable(
            type: EmulatorFixtures.accessRequest, object: Self.active, includeObject: .metadata,
            now: EmulatorFixtures.now, isFirstEvent: true)
        let later = TablePrinter.watchEventTable(
            type: EmulatorFixtures.accessRequest, object: Self.fresh, includeObject: .metadata,
            now: EmulatorFixtures.now, isFirstEvent: false)
        #expect(first["columnDefinitions"]?.arrayValue?.count == 7)
        #expect(later["columnDefinitions"] == nil)
        #expect(first["metadata"] == .object(["resourceVersion": .string("108")]))
        #expect(later["rows"]?.arrayValue?.count == 1)
        #expect(later[path: ["metadata", "resourceVersion"]] == .string("109"))
    }
}
