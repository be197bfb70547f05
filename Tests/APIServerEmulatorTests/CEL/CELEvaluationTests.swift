import DrawbridgeAPI
import Testing

@testable import APIServerEmulator

/// Evaluating compiled match-condition expressions against one AdmissionReview request: exact
/// results, CEL's error-absorbing `&&`/`||`/macros, and the exact runtime errors.
@Suite("CEL evaluation")
struct CELEvaluationTests {
    /// Alice creating a ConfigMap in team-a, as the emulator sends it to a webhook.
    static let review: JSONValue =
        (try? json(
            #"""
            {"uid": "0d1f", "operation": "CREATE", "name": "settings", "namespace": "team-a", "dryRun": false,
             "kind": {"group": "", "version": "v1", "kind": "ConfigMap"},
             "resource": {"group": "", "version": "v1", "resource": "configmaps"},
             "requestKind": {"group": "", "version": "v1", "kind": "ConfigMap"},
             "requestResource": {"group": "", "version": "v1", "resource": "configmaps"},
             "userInfo": {"username": "alice", "groups": ["developers", "system:authenticated"]},
             "object": {"apiVersion": "v1", "kind": "ConfigMap",
                        "metadata": {"name": "settings", "namespace": "team-a", "generation": 1,
                                     "labels": {"team": "payments", "app.kubernetes.io/name": "web"}},
                        "data": {"a": "1", "mode": "strict", "pattern": "a("}},
             "oldObject": null}
            """#)) ?? .null

    static let variables = MatchConditions.variables(review)

    static func evaluate(_ expression: String) throws -> Bool {
        try CELProgram.compile(expression).evaluate(variables)
    }

    @Test(
        "Expressions evaluate to the result CEL gives",
        arguments: [
            ("request.userInfo.username == 'alice'", true),
            (#"request.userInfo.username != "alice""#, false),
            ("'developers' in request.userInfo.groups", true),
            ("request.userInfo.groups.exists(g, g == 'system:masters')", false),
            ("request.userInfo.groups.all(g, g.startsWith('system:') || g == 'developers')", true),
            ("request.userInfo.groups.exists_one(g, g.endsWith(':authenticated'))", true),
            ("['a', 'a'].exists_one(x, x == 'a')", false),
            ("request.userInfo.groups[0] == 'developers'", true),
            ("object.metadata.labels['team'] == 'payments'", true),
            ("object.metadata.labels['app.kubernetes.io/name'] == 'web'", true),
            ("has(object.metadata.labels) && 'team' in object.metadata.labels", true),
            ("'owner' in object.metadata.labels", false),
            ("has(object.metadata.annotations)", false),
            ("!has(oldObject.metadata) && oldObject == null", true),
            ("has(request.namespace) && !has(request.subResource)", true),
            ("size(object.data) == 3 && object.data.size() == 3 && size('héllo') == 5", true),
            ("object.data.exists(k, k == 'mode')", true),
            ("request.name.contains('ting') && request.name.contains('')", true),
            ("object.metadata.name.matches('^set+ings$')", true),
            ("object.metadata.name.matches('^tings')", false),
            ("matches(request.namespace, 'm-[a-z]$')", true),
            (#"'abc123'.matches(r'\d+') && '\x41\u00e9\101\U0001F600' == 'AéA😀' && r'\n' != '\n'"#, true),
            ("0x1F == 31 && -0x1 == -1", true),
            ("'''two\nlines''' == \"two\\nlines\"", true),
            ("request.operation == 'CREATE' ? request.userInfo.username == 'alice' : false", true),
            ("request.resource.group == '' && request.resource.resource == 'configmaps'", true),
            ("request.kind.kind == 'ConfigMap' && request.dryRun == false", true),
            ("!(request.userInfo.username in ['system:serviceaccount:drawbridge-system:drawbridge'])", true),
            ("[1, 2, 3].exists(x, x > 2) && 2 < 3 && 'a' < 'b' && -1 <= 0 && 3 >= 3 && false < true", true),
            ("object.data.a == '1' && object.data.a != 1", true),
            ("[[1], [2]] == [[1], [2]] && [1] != [1, 2]", true),
            ("object.metadata.labels == object.metadata.labels", true),
            // Error absorption: the deciding side wins over an error on the other.
            ("has(object.spec) && object.spec.replicas == 1", false),
            ("object.spec.replicas == 1 && false", false),
            ("object.spec.replicas == 1 || true", true),
            ("[1, 0].exists(n, object.spec[n] == 1 || n == 0)", true),
            ("[1, 0].all(n, object.spec[n] == 1 && n != 0)", false),
        ] as [(String, Bool)])
    func evaluates(expression: String, expected: Bool) throws {
        #expect(try Self.evaluate(expression) == expected)
    }

    @Test(
        "Missing data and wrong types fail with CEL's runtime errors",
        arguments: [
            ("object.spec.replicas == 1", "no such key: spec"),
            ("object.metadata.labels['owner'] == 'x'", "no such key: owner"),
            ("oldObject.metadata.name == 'x'", "no such key: metadata"),
            ("has(object.spec.replicas)", "no such key: spec"),
            ("request.userInfo.groups[5] == 'x'", "index out of bounds: 5"),
            ("request.userInfo.groups[-1] == 'x'", "index out of bounds: -1"),
            ("object.metadata.labels[1] == 'x'", "no such key: 1"),
            ("object.metadata.name < 1", "no such overload: _<_(string, int)"),
            ("!object.data.a", "no such overload: !_(string)"),
            ("object.data.a ? true : false", "no such overload: _?_:_(string)"),
            ("object.data.a && true", "no such overload: _&&_(string, bool)"),
            ("'x' in object.data.a", "no such overload: @in(string, string)"),
            ("size(object.metadata.generation) == 1", "no such overload: size(int)"),
            (
                "object.data.a.startsWith(object.metadata.labels)",
                "no such overload: startsWith(string, map(string, dyn))"
            ),
            ("object.metadata.labels.all(k, object.data[k] == '1')", "no such key: app.kubernetes.io/name"),
            ("object.data.exists_one(k, k == 'a' || object.missing)", "no such key: missing"),
            ("object.data.all(k, object.data[k])", "the predicate of all() returned string, not bool"),
            ("object.metadata.name.exists(c, true)", "exists() cannot iterate over string"),
            ("object.metadata.name.matches(object.data.pattern)", "invalid regular expression 'a(': expected ')'"),
        ] as [(String, String)])
    func fails(expression: String, message: String) throws {
        let program = try CELProgram.compile(expression)
        #expect(throws: CELEvaluationError(message)) { try program.evaluate(Self.variables) }
    }

    @Test("The request variable is the AdmissionRequest without uid, object, oldObject and empty fields")
    func requestVariable() throws {
        var review = Self.review
        review["namespace"] = ""
        review["name"] = ""
        let variables = MatchConditions.variables(review)
        let request = try #require(variables["request"]?.objectValue)
        #expect(request["uid"] == nil && request["object"] == nil && request["oldObject"] == nil)
        #expect(request["namespace"] == nil && request["name"] == nil)
        #expect(variables["object"]?[path: ["metadata", "name"]] == .string("settings"))
        #expect(variables["oldObject"] == .null)
        let program = try CELProgram.compile("request.namespace == ''")
        #expect(throws: CELEvaluationError("no such key: namespace")) { try program.evaluate(variables) }
    }
}
