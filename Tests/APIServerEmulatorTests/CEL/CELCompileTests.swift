import DrawbridgeAPI
import Testing

@testable import APIServerEmulator

/// Compiling match-condition expressions: what parses and checks, and the exact error for what does
/// not (kube-apiserver reports these when a webhook configuration is written).
@Suite("CEL compile")
struct CELCompileTests {
    @Test(
        "Expressions match conditions are written with compile",
        arguments: [
            "request.userInfo.username == 'system:serviceaccount:drawbridge-system:drawbridge-controller'",
            #"!("system:nodes" in request.userInfo.groups)"#,
            "!(request.resource.group == 'coordination.k8s.io' && request.resource.resource == 'leases')",
            "request.userInfo.groups.exists(g, g == 'system:masters')",
            "object.metadata.labels['team'] == 'payments'",
            "has(object.metadata.labels) && 'team' in object.metadata.labels",
            "request.operation == 'UPDATE' ? oldObject.spec != object.spec : true",
            "size(request.userInfo.groups) > 1 && request.name.size() <= 253",
            "request.name.startsWith('x') || request.name.endsWith('y') || request.name.contains('z')",
            "request.namespace.matches('^team-[a-z]+$') && matches(request.name, r'\\d')",
            "object.data.all(k, k.startsWith('a')) && object.items.exists_one(i, i.name == 'x')",
            "request.dryRun == false && request.subResource != 'status' && has(request.namespace)",
            "[1, 2, 3].exists(n, n >= 2) && -1 < 0 && null == oldObject",
            "'''multi\nline''' != \"\" // a comment",
            "request.userInfo.extra['scopes'].exists(s, s == 'x')",
            "request.kind.kind == 'Secret' && request.requestResource.version == 'v1'",
            "object.items.all(i, i.enabled) && object.spec.if == 'reserved words may follow a dot'",
        ])
    func compiles(expression: String) throws {
        _ = try CELProgram.compile(expression)
    }

    @Test(
        "Bad and unsupported expressions fail with the message kube-apiserver's compiler (or the emulator) gives",
        arguments: [
            ("foo == 1", "ERROR: <input>:1:1: undeclared reference to 'foo' (in container '')"),
            ("params.x == 1", "ERROR: <input>:1:1: undeclared reference to 'params' (in container '')"),
            ("request.userInfo.usrname == 'x'", "ERROR: <input>:1:17: undefined field 'usrname'"),
            ("request.uid == 'x'", "ERROR: <input>:1:8: undefined field 'uid'"),
            (
                "request.operation == 1",
                "ERROR: <input>:1:19: found no matching overload for '_==_' applied to '(string, int)'"
            ),
            (
                "request.dryRun && 'yes'",
                "ERROR: <input>:1:16: found no matching overload for '_&&_' applied to '(bool, string)'"
            ),
            (
                "'a' in request.name",
                "ERROR: <input>:1:5: found no matching overload for '@in' applied to '(string, string)'"
            ),
            (
                "request.userInfo.groups < 1",
                "ERROR: <input>:1:25: found no matching overload for '_<_' applied to '(list(string), int)'"
            ),
            ("!request.name", "ERROR: <input>:1:1: found no matching overload for '!_' applied to '(string)'"),
            (
                "request.name.startsWith(1)",
                "ERROR: <input>:1:13: found no matching overload for 'startsWith' applied to 'string.(int)'"
            ),
            (
                "size(request.dryRun) == 1",
                "ERROR: <input>:1:1: found no matching overload for 'size' applied to '(bool)'"
            ),
            ("request.name.x == 'y'", "ERROR: <input>:1:13: type 'string' does not support field selection"),
            ("[1, 'a'].size() == 2", "ERROR: <input>:1:5: expected type 'int' but found 'string'"),
            (
                "request.name.exists(c, c == 'a')",
                "ERROR: <input>:1:8: expression of type 'string' cannot be range of a comprehension (must be list, map, or dynamic)"
            ),
            ("true ? object.enabled : false", "must evaluate to bool but got dyn"),
            ("namespace == 'x'", "ERROR: <input>:1:1: Syntax error: reserved identifier: namespace"),
            ("request.name", "must evaluate to bool but got string"),
            ("object.metadata.name", "must evaluate to bool but got dyn"),
            ("1", "must evaluate to bool but got int"),
            ("request.name == ", "ERROR: <input>:1:17: Syntax error: unexpected end of expression"),
            ("(request.name == 'a'", "ERROR: <input>:1:21: Syntax error: expected ')', found end of expression"),
            ("request.name = 'a'", "ERROR: <input>:1:14: Syntax error: unexpected character '='"),
            ("request.name == 'a' 'b'", "ERROR: <input>:1:21: Syntax error: unexpected string literal"),
            ("'unterminated", "ERROR: <input>:1:1: Syntax error: unterminated string"),
            (#"'\q' == 'q'"#, "ERROR: <input>:1:2: Syntax error: invalid escape sequence"),
            ("if == 1", "ERROR: <input>:1:1: Syntax error: reserved identifier: if"),
            ("has(request)", "ERROR: <input>:1:1: invalid argument to has() macro"),
            ("request.userInfo.groups.exists('g', true)", "ERROR: <input>:1:32: argument must be a simple name"),
            (
                "request.userInfo.groups.exists(g)",
                "ERROR: <input>:1:24: exists() takes 2 arguments (a variable name and a predicate), got 1"
            ),
            (
                "exists(request.userInfo.groups, g, true)",
                "ERROR: <input>:1:1: exists() must be called on a list or map: items.exists(x, predicate)"
            ),
            (
                "startsWith(request.name, 'a')",
                "ERROR: <input>:1:1: function 'startsWith' must be called on a string: value.startsWith(...)"
            ),
            ("request.name.size(1) == 1", "ERROR: <input>:1:13: value.size(...) takes 0 arguments, got 1"),
            ("size() == 0", "ERROR: <input>:1:1: size(...) takes 1 argument, got 0"),
            ("request.name.matches('(') ", "ERROR: <input>:1:22: invalid regular expression '(': expected ')'"),
        ] as [(String, String)])
    func refuses(expression: String, message: String) {
        #expect(Self.compileError(expression) == message)
    }

    /// The compile error's text, or a note that it compiled.
    static func compileError(_ expression: String) -> String {
        do {
            _ = try CELProgram.compile(expression)
            return "compiled"
        } catch {
            return error.description
        }
    }

    @Test(
        "What the emulator's CEL subset leaves out is refused, saying so",
        arguments: [
            (
                "authorizer.group('').resource('pods').check('get').allowed()",
                "ERROR: <input>:1:1: the 'authorizer' variable (authorization checks in match conditions) is not supported by the Drawbridge emulator"
            ),
            (
                "authorizer.requestResource.check('get').allowed()",
                "ERROR: <input>:1:1: the 'authorizer' variable (authorization checks in match conditions) is not supported by the Drawbridge emulator"
            ),
            (
                "namespaceObject.metadata.name == 'x'",
                "ERROR: <input>:1:1: the 'namespaceObject' variable is not supported by the Drawbridge emulator"
            ),
            (
                "request.name.lowerAscii() == 'x'",
                "ERROR: <input>:1:13: function 'lowerAscii' is not supported by the Drawbridge emulator"
            ),
            (
                "object.items.map(i, i.name).size() > 0",
                "ERROR: <input>:1:13: function 'map' is not supported by the Drawbridge emulator"
            ),
            (
                "size(request.name) + 1 > 2",
                "ERROR: <input>:1:20: arithmetic ('+') is not supported by the Drawbridge emulator"
            ),
            (
                "-size(request.name) < 0",
                "ERROR: <input>:1:1: arithmetic ('-') is not supported by the Drawbridge emulator"
            ),
            ("1.5 > 1", "ERROR: <input>:1:1: a floating-point literal is not supported by the Drawbridge emulator"),
            ("1u > 0", "ERROR: <input>:1:1: an unsigned int literal is not supported by the Drawbridge emulator"),
            ("b'x' == b'x'", "ERROR: <input>:1:1: a bytes literal is not supported by the Drawbridge emulator"),
            ("{'a': 1}.size() == 1", "ERROR: <input>:1:1: a map literal is not supported by the Drawbridge emulator"),
            (
                "object.?spec.hasValue()",
                "ERROR: <input>:1:7: optional field selection ('.?') is not supported by the Drawbridge emulator"
            ),
            (
                "object.items[?0].hasValue()",
                "ERROR: <input>:1:13: optional indexing ('[?') is not supported by the Drawbridge emulator"
            ),
        ] as [(String, String)])
    func refusesUnsupported(expression: String, message: String) {
        #expect(Self.compileError(expression) == message)
    }

    @Test("Nesting deeper than the parser's limit is refused instead of exhausting the stack")
    func deepNesting() {
        let deep = String(repeating: "(", count: 150) + "true" + String(repeating: ")", count: 150)
        #expect(
            Self.compileError(deep) == "ERROR: <input>:1:101: Syntax error: expression nests more than 100 levels deep")
    }

    @Test(
        "Nesting, however written, is bounded at 100 levels",
        arguments: [("(", ")"), ("!", ""), ("[", "]"), ("!(", ")"), ("object[", "]")] as [(String, String)])
    func nestingBounded(opening: String, closing: String) {
        let deep = String(repeating: opening, count: 5_000) + "true" + String(repeating: closing, count: 5_000)
        #expect(Self.compileError(deep).hasSuffix("Syntax error: expression nests more than 100 levels deep"))
    }

    @Test("A selection chain deeper than 100 levels is refused")
    func deepSelection() {
        let deep = "object" + String(repeating: ".a", count: 200) + " == 1"
        #expect(
            Self.compileError(deep) == "ERROR: <input>:1:205: Syntax error: expression nests more than 100 levels deep")
    }

    @Test("Expressions at the nesting limit evaluate on a task's stack, and long && and || chains stay shallow")
    func nestingLimitEvaluates() async throws {
        let nested = try CELProgram.compile(String(repeating: "!", count: 99) + "true")
        #expect(nested.root.height == 100)
        let chain = try CELProgram.compile(
            Array(repeating: "request.name == 'a'", count: 20_000).joined(separator: " || ") + " || true")
        #expect(chain.root.height < 20)
        let results = try await Task.detached {
            [try nested.evaluate([:]), try chain.evaluate(["request": ["name": "b"]])]
        }.value
        #expect(results == [false, true])
    }

    @Test("Positions count lines and columns in characters")
    func positions() {
        do {
            _ = try CELProgram.compile("request.name == 'é' &&\n  missing")
            Issue.record("compiled")
        } catch {
            #expect(error.position == CELPosition(line: 2, column: 3))
            #expect(
                error.detail
                    == "compilation failed: ERROR: <input>:2:3: undeclared reference to 'missing' (in container '')")
        }
    }
}
