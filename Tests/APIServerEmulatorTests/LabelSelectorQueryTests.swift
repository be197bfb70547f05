import APIServerEmulator
import Testing

/// One selector applied to one label set.
struct LabelMatchCase: Sendable, CustomTestStringConvertible {
    var testDescription: String
    var selector: String
    var labels: [String: String]
    var matches: Bool
}

/// One selector the server must reject, with its exact message.
struct LabelErrorCase: Sendable, CustomTestStringConvertible {
    var selector: String
    var message: String
    var testDescription: String { "'\(selector)' is rejected" }
}

@Suite("Label selector queries")
struct LabelSelectorQueryTests {
    static let alice = ["app": "web", "drawbridge.dev/requester": "alice", "tier": "1"]

    static let matchCases: [LabelMatchCase] = [
        .init(testDescription: "An empty selector matches everything", selector: "", labels: [:], matches: true),
        .init(testDescription: "Blank text is an empty selector", selector: "   ", labels: alice, matches: true),
        .init(testDescription: "k=v matches an equal value", selector: "app=web", labels: alice, matches: true),
        .init(testDescription: "k=v rejects another value", selector: "app=db", labels: alice, matches: false),
        .init(testDescription: "k=v rejects an absent key", selector: "zone=a", labels: alice, matches: false),
        .init(testDescription: "k==v matches like k=v", selector: "app==web", labels: alice, matches: true),
        .init(testDescription: "k!=v rejects an equal value", selector: "app!=web", labels: alice, matches: false),
        .init(testDescription: "k!=v matches another value", selector: "app!=db", labels: alice, matches: true),
        .init(
            testDescription: "k!=v matches when the key is absent", selector: "zone!=a", labels: alice, matches: true),
        .init(testDescription: "in matches a listed value", selector: "app in (db,web)", labels: alice, matches: true),
        .init(testDescription: "in rejects an unlisted value", selector: "app in (db)", labels: alice, matches: false),
        .init(testDescription: "in rejects an absent key", selector: "zone in (a,b)", labels: alice, matches: false),
        .init(
            testDescription: "notin rejects a listed value", selector: "app notin (web)", labels: alice, matches: false),
        .init(
            testDescription: "notin matches an unlisted value", selector: "app notin (db)", labels: alice, matches: true
        ),
        .init(
            testDescription: "notin matches when the key is absent", selector: "zone notin (a)", labels: alice,
            matches: true),
        .init(testDescription: "A bare key matches when it exists", selector: "app", labels: alice, matches: true),
        .init(testDescription: "A bare key rejects when it is absent", selector: "zone", labels: alice, matches: false),
        .init(testDescription: "!k matches when the key is absent", selector: "!zone", labels: alice, matches: true),
        .init(testDescription: "!k rejects when the key exists", selector: "!app", labels: alice, matches: false),
        .init(
            testDescription: "A DNS-prefixed key works with =", selector: "drawbridge.dev/requester=alice",
            labels: alice,
            matches: true),
        .init(
            testDescription: "The URL-decoded kubectl form of a set selector matches",
            selector: "drawbridge.dev/requester in (alice,bob)", labels: alice, matches: true),
        .init(
            testDescription: "Whitespace around operators and inside parentheses is allowed",
            selector: " drawbridge.dev/requester  in  ( bob , alice ) , app = web ", labels: alice, matches: true),
        .init(testDescription: "Commas AND the terms", selector: "app=web,tier=2", labels: alice, matches: false),
        .init(
            testDescription: "Exists and does-not-exist combine", selector: "app,!zone", labels: alice, matches: true),
        .init(testDescription: "k= matches an empty value", selector: "empty=", labels: ["empty": ""], matches: true),
        .init(
            testDescription: "() means the empty value", selector: "empty in ()", labels: ["empty": ""], matches: true),
        .init(testDescription: "gt compares integers", selector: "tier>0", labels: alice, matches: true),
        .init(testDescription: "lt compares integers", selector: "tier<1", labels: alice, matches: false),
        .init(testDescription: "A key named in is still a key", selector: "in=x", labels: ["in": "x"], matches: true),
    ]

    @Test(arguments: matchCases)
    func matching(_ example: LabelMatchCase) throws {
        let query = try LabelSelectorQuery(parsing: example.selector)
        #expect(query.matches(example.labels) == example.matches)
    }

    static let errorCases: [LabelErrorCase] = [
        .init(
            selector: "env IN (a)",
            message: "unable to parse requirement: found 'IN', expected: in, notin, =, ==, !=, gt, lt"),
        .init(selector: "a=====b", message: "unable to parse requirement: found '==', expected: identifier"),
        .init(selector: "a=b=c", message: "found '=', expected: ',' or 'end of string'"),
        .init(selector: "a=b c", message: "found 'c', expected: ',' or 'end of string'"),
        .init(selector: "a=b,", message: "found '', expected: identifier after ','"),
        .init(selector: ",a", message: "found ',', expected: !, identifier, or 'end of string'"),
        .init(selector: "a in b", message: "unable to parse requirement: found 'b' expected: '('"),
        .init(selector: "a in (b", message: "unable to parse requirement: found '', expected: ',' or ')'"),
        .init(selector: "!", message: "unable to parse requirement: found '', expected: identifier"),
        .init(
            selector: "a b/c=d",
            message: "unable to parse requirement: found 'b/c', expected: in, notin, =, ==, !=, gt, lt"),
        .init(
            selector: "-bad=x",
            message:
                "unable to parse requirement: key: Invalid value: \"-bad\": name part must consist of alphanumeric "
                + "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  "
                + "or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
        ),
        .init(
            selector: "Drawbridge.dev/x=y",
            message:
                "unable to parse requirement: key: Invalid value: \"Drawbridge.dev/x\": prefix part a lowercase RFC "
                + "1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end "
                + "with an alphanumeric character (e.g. 'example.com', regex used for validation is "
                + #"'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"#),
        .init(
            selector: "a/=x",
            message: "unable to parse requirement: key: Invalid value: \"a/\": name part must be non-empty"),
        .init(
            selector: "app=web!",
            message: "found '!', expected: ',' or 'end of string'"),
        .init(
            selector: "app=we$b",
            message:
                "unable to parse requirement: values[0][app]: Invalid value: \"we$b\": a valid label must be an empty "
                + "string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
                + "alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
                + "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"),
        .init(
            selector: "tier>x",
            message:
                "unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value "
                + "must be an integer"),
    ]

    @Test(arguments: errorCases)
    func rejecting(_ example: LabelErrorCase) {
        #expect(throws: SelectorError(.malformed, example.message)) {
            try LabelSelectorQuery(parsing: example.selector)
        }
    }

    @Test("Requirements come back sorted by key with sorted, de-duplicated values")
    func requirementsAreNormalised() throws {
        let query = try LabelSelectorQuery(parsing: "z in (b,a,b),a")
        #expect(query.requirements == [.init(key: "a", op: .exists), .init(key: "z", op: .in, values: ["a", "b"])])
    }

    @Test("Selector errors are answered with 400")
    func errorsAreBadRequests() {
        #expect(SelectorError(.malformed, "x").httpStatus == 400)
    }
}
