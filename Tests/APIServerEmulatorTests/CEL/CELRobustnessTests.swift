import DrawbridgeAPI
import DrawbridgeTesting
import Testing

@testable import APIServerEmulator

/// Arbitrary text never crashes the compiler or the evaluator: it compiles, or fails with an error.
@Suite("CEL robustness")
struct CELRobustnessTests {
    static let fragments = [
        "request", "object", "oldObject", ".", "name", "userInfo", "groups", "labels", "[", "]", "(", ")", "'a'",
        "\"b\"", "'''", "r'", "\\", "1", "-", "0x", "!", "==", "!=", "<", ">=", "&&", "||", "in", "?", ":", ",", "has",
        "size", "exists", "all", "exists_one", "matches", "startsWith", "x", "null", "true", " ", "\n", "{", "é",
        "\\u00",
    ]

    @Test("Ten thousand random expressions compile or fail cleanly, and compiled ones evaluate or fail cleanly")
    func randomExpressions() {
        var generator = SeededRandom(seed: 0xCE1)
        var compiled = 0
        for _ in 0..<10_000 {
            let count = Int.random(in: 1...12, using: &generator)
            let source = (0..<count).map { _ in Self.fragments.randomElement(using: &generator) ?? "" }.joined()
            guard let program = try? CELProgram.compile(source) else { continue }
            compiled += 1
            _ = try? program.evaluate(CELEvaluationTests.variables)
        }
        #expect(compiled > 0)
    }

    static let atoms = [
        "request.name", "request.userInfo.groups", "object.metadata.labels", "object.data", "object.missing",
        "oldObject", "x", "'a'", "1", "true", "null", "['a', 'b']", "object.metadata.generation",
    ]

    /// A random well-formed expression over the subset (types are not respected, so many fail to check).
    static func expression(depth: Int, using generator: inout SeededRandom) -> String {
        if depth == 0 { return atoms.randomElement(using: &generator) ?? "true" }
        func next() -> String { expression(depth: depth - 1, using: &generator) }
        switch Int.random(in: 0..<10, using: &generator) {
        case 0: return "(\(next()) == \(next()))"
        case 1: return "!\(next())"
        case 2: return "(\(next()) && \(next()))"
        case 3: return "(\(next()) || \(next()))"
        case 4: return "(\(next()) in \(next()))"
        case 5: return "\(next()).exists(x, \(next()))"
        case 6: return "size(\(next())) > 0"
        case 7: return "(\(next()) ? \(next()) : \(next()))"
        case 8: return "\(next())[\(next())]"
        default: return "has(object.metadata.labels)"
        }
    }

    @Test("Thousands of random well-formed expressions that check also evaluate to a bool or an error, never a crash")
    func randomWellFormed() {
        var generator = SeededRandom(seed: 0xCE2)
        var evaluated = 0
        for _ in 0..<10_000 {
            let source = Self.expression(depth: Int.random(in: 1...4, using: &generator), using: &generator)
            guard let program = try? CELProgram.compile(source) else { continue }
            evaluated += 1
            _ = try? program.evaluate(CELEvaluationTests.variables)
        }
        #expect(evaluated > 1_000)
    }
}
