import DrawbridgeAPI
import DrawbridgePlugin
import DrawbridgeTesting
import Testing

@Suite("Output formats")
struct OutputFormatTests {
    @Test("JSON is printed as kubectl prints it: four-space indent, sorted keys, empty collections inline")
    func json() throws {
        let value: JSONValue = ["b": [], "a": ["x": 1, "y": "two/three"], "c": [true, .null], "d": [:]]
        #expect(
            try OutputFormat.json(value) == """
                {
                    "a": {
                        "x": 1,
                        "y": "two/three"
                    },
                    "b": [],
                    "c": [
                        true,
                        null
                    ],
                    "d": {}
                }

                """)
    }

    @Test("Objects lose metadata.managedFields, alone and in a List, as kubectl hides them by default")
    func managedFieldsHidden() throws {
        var request = AccessRequest.fixture(name: "a")
        request.metadata.managedFields = [["manager": "kubectl"]]
        let single = try JSONValue.parse(Array(try OutputFormat.json(request).utf8))
        #expect(single["metadata"]?["managedFields"] == nil)
        #expect(single["metadata"]?["name"] == "a")
        let list = try JSONValue.parse(Array(try OutputFormat.json(try OutputFormat.list([request])).utf8))
        #expect(list["kind"] == "List")
        #expect(list["items"]?.arrayValue?.first?["metadata"]?["managedFields"] == nil)
        #expect(!(try OutputFormat.yaml(request)).contains("managedFields"))
    }

    @Test("YAML sorts keys and quotes strings YAML would read as something else")
    func yaml() throws {
        let value: JSONValue = ["name": "alice", "answer": "true", "count": 2, "list": ["x"]]
        #expect(
            try OutputFormat.yaml(value) == """
                answer: 'true'
                count: 2
                list:
                - x
                name: alice

                """)
    }

    @Test("-o name prints kind.group/name, as kubectl does")
    func name() {
        #expect(
            OutputFormat.name(AccessRequest.fixture(name: "alice-edit")) == "accessrequest.drawbridge.dev/alice-edit")
        #expect(OutputFormat.name(Namespace(metadata: ObjectMeta(name: "demo"))) == "namespace/demo")
    }
}
