import APIServerEmulator
import DrawbridgeAPI
import Testing

@Suite("PrinterJSONPath")
struct PrinterJSONPathTests {
    static let document: JSONValue =
        (try? EmulatorFixtures.json(
            """
            {"spec":{"role":{"kind":"ClusterRole","name":"edit"},"replicas":3},
             "metadata":{"labels":{"foo":"bar","app.kubernetes.io/name":"drawbridge"}},
             "items":[{"x":1},{"x":2}],
             "status":{"ready":true,"conditions":[{"type":"Synced","status":"False"},{"type":"Ready","status":"True"}]}}
            """)) ?? .null

    @Test(
        "Printer-column paths select the value a column shows",
        arguments: [
            (".spec.role.name", JSONValue.string("edit")),
            ("$.spec.role.kind", .string("ClusterRole")),
            ("{.spec.replicas}", .int(3)),
            (".metadata.labels.foo", .string("bar")),
            (".metadata.labels['app.kubernetes.io/name']", .string("drawbridge")),
            (#".metadata.labels.app\.kubernetes\.io/name"#, .string("drawbridge")),
            (".items[0].x", .int(1)),
            (".items[-1].x", .int(2)),
            (".items[*].x", .int(1)),
            (#".status.conditions[?(@.type=="Ready")].status"#, .string("True")),
            (".status.conditions[?(@.type == 'Ready')].status", .string("True")),
            (#".status.conditions[?(@.type!="Ready")].type"#, .string("Synced")),
            (".status.ready", .bool(true)),
            (".status.conditions[0]", .object(["type": .string("Synced"), "status": .string("False")])),
        ] as [(String, JSONValue)])
    func selects(expression: String, expected: JSONValue) throws {
        #expect(try PrinterJSONPath(expression).first(in: Self.document) == expected)
    }

    @Test(
        "Missing members and out-of-range indexes select nothing",
        arguments: [
            ".spec.missing", ".spec.role.name.deeper", ".items[5].x", ".metadata.labels.nope",
            #".status.conditions[?(@.type=="Gone")].status"#,
        ])
    func selectsNothing(expression: String) throws {
        #expect(try PrinterJSONPath(expression).evaluate(Self.document).isEmpty)
    }

    @Test("A wildcard selects every element in order")
    func wildcardSelectsAll() throws {
        #expect(try PrinterJSONPath(".items[*].x").evaluate(Self.document) == [.int(1), .int(2)])
    }

    @Test(
        "Unsupported syntax is a parse error, not a silent empty column",
        arguments: ["..spec", ".spec[", ".items[1:2]", "."])
    func rejectsUnsupported(expression: String) {
        #expect(throws: PrinterJSONPath.ParseError.self) { try PrinterJSONPath(expression) }
    }
}
