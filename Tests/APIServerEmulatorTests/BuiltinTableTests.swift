import APIServerEmulator
import DrawbridgeAPI
import Testing

@Suite("Built-in Tables")
struct BuiltinTableTests {
    typealias F = EmulatorFixtures

    static func columnSummary(_ type: ResourceType) -> [String] {
        TablePrinter.columns(for: type).map { "\($0.name):\($0.type):\($0.priority)" }
    }

    @Test("A RoleBinding prints Kind/name, users, groups and namespace/name service accounts joined with commas")
    func roleBinding() throws {
        let binding = try F.json(
            """
            {"metadata":{"name":"alice-edit","namespace":"team-a","creationTimestamp":"2026-11-22T18:45:17Z"},
             "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"edit"},
             "subjects":[{"kind":"User","name":"alice"},{"kind":"Group","name":"devs"},{"kind":"User","name":"bob"},
                         {"kind":"ServiceAccount","name":"ci","namespace":"team-a"}]}
            """)
        for type in [F.roleBindings, F.clusterRoleBindings] {
            #expect(
                Self.columnSummary(type) == [
                    "Name:string:0", "Role:string:0", "Age:string:0", "Users:string:1", "Groups:string:1",
                    "ServiceAccounts:string:1",
                ])
            #expect(
                TablePrinter.cells(for: type, object: binding, now: F.now) == [
                    .string("alice-edit"), .string("ClusterRole/edit"), .string("5m"), .string("alice, bob"),
                    .string("devs"), .string("team-a/ci"),
                ])
        }
        let nameColumn = TablePrinter.columns(for: F.roleBindings)[0]
        #expect(
            nameColumn
                == TableColumn(name: "Name", type: "string", format: "name", description: TableColumn.nameDescription))
    }

    @Test("A Namespace prints its phase and age")
    func namespace() {
        let namespace = F.object(
            name: "team-a", created: "2026-11-20T18:50:17Z", extra: ["status": .object(["phase": .string("Active")])])
        #expect(Self.columnSummary(F.namespaces) == ["Name:string:0", "Status:string:0", "Age:string:0"])
        #expect(
            TablePrinter.cells(for: F.namespaces, object: namespace, now: F.now) == [
                .string("team-a"), .string("Active"), .string("2d"),
            ])
    }

    @Test("Roles, ClusterRoles and CRDs print Created At as an RFC 3339 string in a date column")
    func createdAt() {
        let role = F.object(name: "reader", created: "2026-11-20T10:00:00Z")
        for type in [F.roles, F.clusterRoles, F.crds] {
            #expect(Self.columnSummary(type) == ["Name:string:0", "Created At:date:0"])
            #expect(
                TablePrinter.cells(for: type, object: role, now: F.now) == [
                    .string("reader"), .string("2026-11-20T10:00:00Z"),
                ])
        }
    }

    @Test("A core event prints Last Seen, type, reason, kind/name, source and count")
    func coreEvent() throws {
        let event = try F.json(
            """
            {"metadata":{"name":"alice-debug.1","namespace":"team-a","creationTimestamp":"2026-11-22T18:40:00Z"},
             "involvedObject":{"kind":"AccessRequest","name":"alice-debug","fieldPath":"spec.role"},
             "reason":"Granted","message":"  Granted ClusterRole/edit until 19:20\\n","type":"Normal",
             "source":{"component":"drawbridge","host":"node-1"},
             "firstTimestamp":"2026-11-22T18:45:17Z","lastTimestamp":"2026-11-22T18:50:01Z","count":3}
            """)
        #expect(
            Self.columnSummary(F.coreEvents) == [
                "Last Seen:string:0", "Type:string:0", "Reason:string:0", "Object:string:0", "Subobject:string:1",
                "Source:string:1", "Message:string:0", "First Seen:string:1", "Count:string:1", "Name:string:1",
            ])
        #expect(
            TablePrinter.cells(for: F.coreEvents, object: event, now: F.now) == [
                .string("16s"), .string("Normal"), .string("Granted"), .string("accessrequest/alice-debug"),
                .string("spec.role"), .string("drawbridge, node-1"), .string("Granted ClusterRole/edit until 19:20"),
                .string("5m"), .int(3), .string("alice-debug.1"),
            ])
    }

    @Test("An events.k8s.io event prints from regarding, note, reportingController and eventTime")
    func newStyleEvent() throws {
        let event = try F.json(
            """
            {"metadata":{"name":"e2","namespace":"team-a","creationTimestamp":"2026-11-22T18:40:00Z"},
             "regarding":{"kind":"Lease","name":"drawbridge-leader"},"note":"became leader","type":"Normal",
             "reason":"LeaderElection","reportingController":"drawbridge","reportingInstance":"pod-1",
             "eventTime":"2026-11-22T18:49:17.000000Z","action":"Elect"}
            """)
        #expect(
            TablePrinter.cells(for: F.newEvents, object: event, now: F.now) == [
                .string("60s"), .string("Normal"), .string("LeaderElection"), .string("lease/drawbridge-leader"),
                .string(""), .string("drawbridge, pod-1"), .string("became leader"), .string("60s"), .int(1),
                .string("e2"),
            ])
    }

    @Test("An event without event times falls back to its creation time; a series overrides Last Seen and Count")
    func eventFallbacks() throws {
        let bare = try F.json(
            #"{"metadata":{"name":"e3","creationTimestamp":"2026-11-22T18:48:17Z"},"involvedObject":{"kind":"Namespace"}}"#
        )
        let cells = TablePrinter.cells(for: F.coreEvents, object: bare, now: F.now)
        #expect(cells[0] == .string("2m") && cells[3] == .string("namespace") && cells[8] == .int(1))
        let series = try F.json(
            """
            {"metadata":{"name":"e4"},"regarding":{"kind":"Pod","name":"p"},"eventTime":"2026-11-22T18:00:17.000000Z",
             "series":{"count":7,"lastObservedTime":"2026-11-22T18:50:07.000000Z"}}
            """)
        let seriesCells = TablePrinter.cells(for: F.newEvents, object: series, now: F.now)
        #expect(seriesCells[0] == .string("10s") && seriesCells[7] == .string("50m") && seriesCells[8] == .int(7))
    }

    @Test(
        "Leases, ConfigMaps, Secrets, ServiceAccounts and webhook configurations print their counts and holders",
        arguments: [
            (
                F.leases, #"{"spec":{"holderIdentity":"pod-1"}}"#, ["Name", "Holder", "Age"],
                [JSONValue.string("x"), .string("pod-1"), .string("5m")]
            ),
            (
                F.configMaps, #"{"data":{"a":"1","b":"2"},"binaryData":{"c":"AA=="}}"#, ["Name", "Data", "Age"],
                [.string("x"), .int(3), .string("5m")]
            ),
            (
                F.secrets, #"{"type":"Opaque","data":{"a":"MQ=="}}"#, ["Name", "Type", "Data", "Age"],
                [.string("x"), .string("Opaque"), .int(1), .string("5m")]
            ),
            (
                F.serviceAccounts, #"{"secrets":[{"name":"t"}]}"#, ["Name", "Secrets", "Age"],
                [.string("x"), .int(1), .string("5m")]
            ),
            (
                F.webhooks, #"{"webhooks":[{"name":"a"},{"name":"b"}]}"#, ["Name", "Webhooks", "Age"],
                [.string("x"), .int(2), .string("5m")]
            ),
            (F.leases, #"{"spec":{}}"#, ["Name", "Holder", "Age"], [.string("x"), .string(""), .string("5m")]),
        ] as [(ResourceType, String, [String], [JSONValue])])
    func smallPrinters(type: ResourceType, body: String, columns: [String], cells: [JSONValue]) throws {
        var object = try F.json(body)
        object[path: ["metadata"]] = .object([
            "name": .string("x"), "creationTimestamp": .string("2026-11-22T18:45:17Z"),
        ])
        #expect(TablePrinter.columns(for: type).map(\.name) == columns)
        #expect(TablePrinter.cells(for: type, object: object, now: F.now) == cells)
    }

    @Test("Built-in ages of objects without a creation time print as unknown")
    func unknownAge() {
        let object: JSONValue = .object(["metadata": .object(["name": .string("x")])])
        #expect(
            TablePrinter.cells(for: F.configMaps, object: object, now: F.now) == [
                .string("x"), .int(0), .string("<unknown>"),
            ])
    }
}
