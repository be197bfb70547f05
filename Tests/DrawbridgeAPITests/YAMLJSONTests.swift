import DrawbridgeAPI
import Testing

/// YAML scalars must become typed JSON (as kubectl converts them), or every boolean and number in a
/// manifest would fail schema validation as a string.
@Suite("YAML to JSON")
struct YAMLJSONTests {
    @Test("Plain scalars resolve to booleans, integers, numbers and null; quoted ones stay strings")
    func scalarsAreTyped() throws {
        let yaml = """
            flag: true
            count: 3
            ratio: 1.5
            nothing: null
            quoted: "true"
            time: 2026-01-01T00:00:00Z
            """
        #expect(
            try YAMLJSON.documents(in: yaml) == [
                .object([
                    "flag": .bool(true), "count": .int(3), "ratio": .double(1.5), "nothing": .null,
                    "quoted": .string("true"), "time": .string("2026-01-01T00:00:00Z"),
                ])
            ])
    }
}
