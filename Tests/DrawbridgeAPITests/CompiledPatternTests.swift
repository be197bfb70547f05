import DrawbridgeAPI
import Testing

@Suite("Compiled patterns, shared process-wide")
struct CompiledPatternTests {
    @Test(
        "Matching is unanchored, as OpenAPI's pattern and Go's regexp",
        arguments: [
            ("^INC-[0-9]+", "INC-42: disk full", true), ("^INC-[0-9]+", "see INC-42", false),
            ("[0-9]{3}", "ticket 1234", true), ("^$", "", true), ("^[a-z]+$", "abc1", false),
        ])
    func matching(pattern: String, text: String, expected: Bool) throws {
        #expect(try CompiledPattern(pattern).matches(in: text) == expected)
    }

    @Test("A broken pattern is a failure with the compiler's message, remembered like a good one")
    func brokenPattern() {
        guard case .failure(let problem) = CompiledPattern.cached("([a-z") else {
            Issue.record("([a-z compiled")
            return
        }
        #expect(!problem.text.isEmpty)
        guard case .failure(let again) = CompiledPattern.cached("([a-z") else {
            Issue.record("([a-z compiled the second time")
            return
        }
        #expect(again == problem)
        #expect(throws: (any Error).self) { try CompiledPattern("([a-z") }
    }

    @Test("One compiled pattern serves many tasks at once with the same answers")
    func concurrentUse() async throws {
        let pattern = try CompiledPattern.cached("^(INC|CHG)-[0-9]{3,}$").get()
        let texts = (0..<2_000).map { $0.isMultiple(of: 2) ? "INC-\(100 + $0)" : "INC-\($0 % 100)x" }
        let answers = await withTaskGroup(of: (Int, Bool).self) { group in
            for (index, text) in texts.enumerated() {
                group.addTask { (index, pattern.matches(in: text)) }
            }
            var answers = [Bool](repeating: false, count: texts.count)
            for await (index, answer) in group { answers[index] = answer }
            return answers
        }
        #expect(answers == texts.map { $0.isMultiple2Expected })
    }

    @Test("The cache keeps answering correctly past its limit")
    func bounded() throws {
        for index in 0..<(CompiledPattern.cacheLimit + 10) {
            let pattern = try CompiledPattern.cached("^bounded-\(index)$").get()
            #expect(pattern.source == "^bounded-\(index)$")
            #expect(pattern.matches(in: "bounded-\(index)"))
        }
        #expect(try CompiledPattern.cached("^bounded-0$").get().matches(in: "bounded-0"))
    }
}

extension String {
    /// What `concurrentUse` expects for its generated texts: the even ones match.
    fileprivate var isMultiple2Expected: Bool { !hasSuffix("x") }
}
