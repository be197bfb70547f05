import DrawbridgeAPI

/// A compiled (parsed and checked) CEL expression, evaluated as often as requests need it. Compiling
/// is where every syntax, declaration and type error surfaces, so a configuration that compiles only
/// fails at evaluation for reasons the data decides (a missing key, an index out of range).
struct CELProgram: Hashable, Sendable {
    let source: String
    let root: CELNode

    /// Parses and checks `source` against `declarations`; it must evaluate to `bool`.
    static func compile(_ source: String, declarations: CELDeclarations = .matchConditions)
        throws(CELCompileError) -> CELProgram
    {
        let root = try CELParser.parse(source)
        try CELChecker.check(root, declarations: declarations)
        return CELProgram(source: source, root: root)
    }

    /// Evaluates the program with `variables` bound (`object`, `oldObject`, `request`).
    func evaluate(_ variables: [String: JSONValue]) throws(CELEvaluationError) -> Bool {
        let value = try CELEvaluator(variables: variables).evaluate(root)
        guard case .bool(let result) = value else {
            throw CELEvaluationError("expression evaluated to \(CELType.of(value)), not bool")
        }
        return result
    }
}
