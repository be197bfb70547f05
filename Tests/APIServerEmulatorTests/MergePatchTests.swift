import APIServerEmulator
import DrawbridgeAPI
import Testing

@Suite("JSON merge patch and simplified server-side apply")
struct MergePatchTests {
    /// RFC 7386 appendix A, verbatim: (original, patch, result).
    static let rfcExamples: [(String, String, String)] = [
        (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
        (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
        (#"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
        (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"c"}"#, #"{"a":["b"]}"#, #"{"a":["b"]}"#),
        (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
        (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
        (#"["a","b"]"#, #"["c","d"]"#, #"["c","d"]"#),
        (#"{"a":"b"}"#, #"["c"]"#, #"["c"]"#),
        (#"{"a":"foo"}"#, "null", "null"),
        (#"{"a":"foo"}"#, #""bar""#, #""bar""#),
        (#"{"e":null}"#, #"{"a":1}"#, #"{"e":null,"a":1}"#),
        (#"[1,2]"#, #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
        (#"{}"#, #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
    ]

    @Test("RFC 7386 appendix A examples", arguments: rfcExamples)
    func rfcExample(_ original: String, _ patch: String, _ result: String) throws {
        #expect(MergePatch.apply(try json(patch), to: try json(original)) == (try json(result)))
    }

    @Test("A status patch like kubectl patch --type=merge sends leaves the rest of the object alone")
    func statusPatch() throws {
        let object = try json(#"{"metadata":{"name":"r"},"spec":{"role":"edit"},"status":{"phase":"Pending"}}"#)
        let patched = MergePatch.apply(try json(#"{"status":{"phase":"Approved","approver":"bob"}}"#), to: object)
        #expect(
            patched
                == (try json(
                    #"{"metadata":{"name":"r"},"spec":{"role":"edit"},"status":{"phase":"Approved","approver":"bob"}}"#))
        )
    }

    @Test("diff produces the patch that apply turns back into the modified object")
    func diffRoundTrips() throws {
        let original = try json(#"{"a":{"b":1,"c":2},"d":[1],"e":"x"}"#)
        let modified = try json(#"{"a":{"b":1,"c":3},"d":[1,2],"f":true}"#)
        let patch = MergePatch.diff(from: original, to: modified)
        #expect(patch == (try json(#"{"a":{"c":3},"d":[1,2],"e":null,"f":true}"#)))
        #expect(MergePatch.apply(patch, to: original) == modified)
    }

    @Test("Server-side apply creates the object from the applied configuration without nulls")
    func applyCreates() throws {
        let applied = try json(#"{"metadata":{"name":"r","labels":null},"spec":{"items":[{"a":1,"b":null}]}}"#)
        #expect(
            ApplyPatch.apply(applied, to: nil) == (try json(#"{"metadata":{"name":"r"},"spec":{"items":[{"a":1}]}}"#)))
    }

    @Test("Server-side apply merges onto the live object and a null never deletes")
    func applyMerges() throws {
        let live = try json(
            #"{"metadata":{"name":"r","uid":"u","labels":{"a":"1"}},"spec":{"role":"edit","reason":"x","tags":["a"]}}"#)
        let applied = try json(
            #"{"metadata":{"name":"r","labels":{"b":"2"}},"spec":{"role":"view","reason":null,"tags":["b"]}}"#)
        #expect(
            ApplyPatch.apply(applied, to: live)
                == (try json(
                    #"{"metadata":{"name":"r","uid":"u","labels":{"a":"1","b":"2"}},"spec":{"role":"view","reason":"x","tags":["b"]}}"#
                )))
    }
}
