import APIServerEmulator
import DrawbridgeAPI
import Testing

/// One RFC 6902 case: document, patch and either the result or the expected error.
struct JSONPatchCase: Sendable, CustomTestStringConvertible {
    var testDescription: String
    var document: String
    var patch: String
    var result: String?
    var error: JSONPatchError?
}

@Suite("JSON patch")
struct JSONPatchTests {
    static let cases: [JSONPatchCase] = [
        .init(
            testDescription: "add an object member (RFC 6902 A.1)", document: #"{"foo":"bar"}"#,
            patch: #"[{"op":"add","path":"/baz","value":"qux"}]"#, result: #"{"baz":"qux","foo":"bar"}"#),
        .init(
            testDescription: "add an array element (A.2)", document: #"{"foo":["bar","baz"]}"#,
            patch: #"[{"op":"add","path":"/foo/1","value":"qux"}]"#, result: #"{"foo":["bar","qux","baz"]}"#),
        .init(
            testDescription: "remove an object member (A.3)", document: #"{"baz":"qux","foo":"bar"}"#,
            patch: #"[{"op":"remove","path":"/baz"}]"#, result: #"{"foo":"bar"}"#),
        .init(
            testDescription: "remove an array element (A.4)", document: #"{"foo":["bar","qux","baz"]}"#,
            patch: #"[{"op":"remove","path":"/foo/1"}]"#, result: #"{"foo":["bar","baz"]}"#),
        .init(
            testDescription: "replace a value (A.5)", document: #"{"baz":"qux","foo":"bar"}"#,
            patch: #"[{"op":"replace","path":"/baz","value":"boo"}]"#, result: #"{"baz":"boo","foo":"bar"}"#),
        .init(
            testDescription: "move a value (A.6)",
            document: #"{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}"#,
            patch: #"[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]"#,
            result: #"{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}"#),
        .init(
            testDescription: "move an array element (A.7)", document: #"{"foo":["all","grass","cows","eat"]}"#,
            patch: #"[{"op":"move","from":"/foo/1","path":"/foo/3"}]"#, result: #"{"foo":["all","cows","eat","grass"]}"#
        ),
        .init(
            testDescription: "test success (A.8)", document: #"{"baz":"qux","foo":["a",2,"c"]}"#,
            patch: #"[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2.0}]"#,
            result: #"{"baz":"qux","foo":["a",2,"c"]}"#),
        .init(
            testDescription: "test failure (A.9)", document: #"{"baz":"qux"}"#,
            patch: #"[{"op":"test","path":"/baz","value":"bar"}]"#,
            error: JSONPatchError(.testFailed, "testing value /baz failed")),
        .init(
            testDescription: "test of a missing path fails", document: #"{"spec":{}}"#,
            patch: #"[{"op":"test","path":"/spec/x","value":1}]"#,
            error: JSONPatchError(.testFailed, "testing value /spec/x failed")),
        .init(
            testDescription: "add a nested object (A.10)", document: #"{"foo":"bar"}"#,
            patch: #"[{"op":"add","path":"/child","value":{"grandchild":{}}}]"#,
            result: #"{"foo":"bar","child":{"grandchild":{}}}"#),
        .init(
            testDescription: "add to a nonexistent target fails (A.12)", document: #"{"foo":"bar"}"#,
            patch: #"[{"op":"add","path":"/baz/bat","value":"qux"}]"#,
            error: JSONPatchError(
                .notApplicable, #"add operation does not apply: doc is missing path: "/baz": missing value"#)),
        .init(
            testDescription: "~0 and ~1 escapes address keys with ~ and / (A.14)", document: #"{"/":9,"~1":10}"#,
            patch: #"[{"op":"test","path":"/~01","value":10},{"op":"replace","path":"/~1","value":8}]"#,
            result: #"{"/":8,"~1":10}"#),
        .init(
            testDescription: "add an array value (A.16)", document: #"{"foo":["bar"]}"#,
            patch: #"[{"op":"add","path":"/foo/-","value":["abc","def"]}]"#, result: #"{"foo":["bar",["abc","def"]]}"#),
        .init(
            testDescription: "- appends a finalizer", document: #"{"metadata":{"finalizers":["a"]}}"#,
            patch: #"[{"op":"add","path":"/metadata/finalizers/-","value":"drawbridge.dev/revoke"}]"#,
            result: #"{"metadata":{"finalizers":["a","drawbridge.dev/revoke"]}}"#),
        .init(
            testDescription: "a DNS-prefixed label key is addressed with ~1",
            document: #"{"metadata":{"labels":{}}}"#,
            patch: #"[{"op":"add","path":"/metadata/labels/drawbridge.dev~1request","value":"r1"}]"#,
            result: #"{"metadata":{"labels":{"drawbridge.dev/request":"r1"}}}"#),
        .init(
            testDescription: "copy a value", document: #"{"a":{"b":1}}"#,
            patch: #"[{"op":"copy","from":"/a","path":"/c"}]"#, result: #"{"a":{"b":1},"c":{"b":1}}"#),
        .init(
            testDescription: "add past the end of an array fails (A.11 bounds)", document: #"{"foo":["bar"]}"#,
            patch: #"[{"op":"add","path":"/foo/2","value":"x"}]"#,
            error: JSONPatchError(
                .notApplicable,
                "add operation does not apply: Unable to access invalid index: 2: invalid index referenced")),
        .init(
            testDescription: "remove past the end of an array fails", document: #"{"foo":["bar"]}"#,
            patch: #"[{"op":"remove","path":"/foo/1"}]"#,
            error: JSONPatchError(
                .notApplicable,
                "remove operation does not apply: Unable to access invalid index: 1: invalid index referenced")),
        .init(
            testDescription: "a leading-zero index is not an index", document: #"{"foo":["a","b"]}"#,
            patch: #"[{"op":"replace","path":"/foo/01","value":"x"}]"#,
            error: JSONPatchError(
                .notApplicable,
                "replace operation does not apply: Unable to access invalid index: 01: invalid index referenced")),
        .init(
            testDescription: "replace of a missing member fails", document: #"{}"#,
            patch: #"[{"op":"replace","path":"/x","value":1}]"#,
            error: JSONPatchError(
                .notApplicable, #"replace operation does not apply: doc is missing path: "/x": missing value"#)),
        .init(
            testDescription: "a failing operation leaves nothing half-applied", document: #"{"a":1}"#,
            patch: #"[{"op":"add","path":"/b","value":2},{"op":"remove","path":"/zzz"}]"#,
            error: JSONPatchError(
                .notApplicable, #"remove operation does not apply: doc is missing path: "/zzz": missing value"#)),
        .init(
            testDescription: "an unknown op is malformed", document: #"{}"#, patch: #"[{"op":"frob","path":"/a"}]"#,
            error: JSONPatchError(.malformed, "Unexpected kind: frob")),
        .init(
            testDescription: "add without a value is malformed", document: #"{}"#,
            patch: #"[{"op":"add","path":"/a"}]"#,
            error: JSONPatchError(.malformed, "add operation missing value field")),
        .init(
            testDescription: "a patch that is not a list is malformed", document: #"{}"#, patch: #"{"op":"add"}"#,
            error: JSONPatchError(.malformed, "a JSON patch must be an array of operations")),
        .init(
            testDescription: "a pointer without a leading slash is malformed", document: #"{}"#,
            patch: #"[{"op":"add","path":"a","value":1}]"#,
            error: JSONPatchError(.malformed, #"JSON pointer must be empty or start with a "/": a"#)),
        .init(
            testDescription: "moving a value into itself fails", document: #"{"a":{"b":{}}}"#,
            patch: #"[{"op":"move","from":"/a","path":"/a/b/c"}]"#,
            error: JSONPatchError(.notApplicable, "move operation does not apply: /a is an ancestor of /a/b/c")),
    ]

    @Test(arguments: cases)
    func rfc6902(_ example: JSONPatchCase) throws {
        let document = try json(example.document)
        let patch = try json(example.patch)
        if let error = example.error {
            #expect(throws: error) { try JSONPatch.apply(patch, to: document) }
        } else {
            #expect(try JSONPatch.apply(patch, to: document) == (try json(example.result ?? "null")))
        }
    }

    @Test("kubectl's managedFields hand-over patch replaces managedFields and resourceVersion")
    func managedFieldsHandOver() throws {
        let live = try json(#"{"metadata":{"name":"r","resourceVersion":"112","managedFields":[{"manager":"old"}]}}"#)
        let patch = try json(
            #"[{"op":"replace","path":"/metadata/managedFields","value":[{"manager":"kubectl"}]},"#
                + #"{"op":"replace","path":"/metadata/resourceVersion","value":"112"}]"#)
        #expect(
            try JSONPatch.apply(patch, to: live)[path: ["metadata", "managedFields"]]
                == (try json(#"[{"manager":"kubectl"}]"#)))
    }

    @Test("A failed test answers 422 and a malformed patch answers 400")
    func statusCodes() {
        #expect(JSONPatchError(.testFailed, "").httpStatus == 422)
        #expect(JSONPatchError(.notApplicable, "").httpStatus == 422)
        #expect(JSONPatchError(.malformed, "").httpStatus == 400)
    }
}
