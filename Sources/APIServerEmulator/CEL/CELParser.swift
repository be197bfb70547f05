import DrawbridgeAPI

/// A recursive-descent parser for the CEL subset, following CEL's grammar and precedence
/// (`?:` < `||` < `&&` < relations and `in` < unary < member access). It expands the macros
/// (`has`, `exists`, `all`, `exists_one`) and refuses what the subset leaves out (arithmetic, map
/// literals, other functions) with a compile error saying so.
struct CELParser {
    /// Deepest nesting accepted, so a hostile expression cannot exhaust the stack.
    static let maxDepth = 100

    /// Identifiers CEL reserves: they cannot name a variable or function, but may follow a `.`.
    static let reserved: Set<String> = [
        "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop", "package",
        "namespace", "return", "var", "void", "while",
    ]

    private let tokens: [CELToken]
    private var index = 0
    private var depth = 0

    private init(tokens: [CELToken]) { self.tokens = tokens }

    /// Parses a whole expression.
    static func parse(_ source: String) throws(CELCompileError) -> CELNode {
        var parser = CELParser(tokens: try CELLexer.tokens(source))
        let root = try parser.expression()
        guard parser.current.kind == .end else { throw parser.unexpected() }
        return root
    }

    private var current: CELToken { tokens[min(index, tokens.count - 1)] }

    private mutating func advance() -> CELToken {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private mutating func accept(_ symbol: String) -> Bool {
        guard current.isSymbol(symbol) else { return false }
        _ = advance()
        return true
    }

    private mutating func expect(_ symbol: String) throws(CELCompileError) {
        guard accept(symbol) else {
            throw CELCompileError("Syntax error: expected '\(symbol)', found \(current.quoted)", at: current.position)
        }
    }

    private func unexpected() -> CELCompileError {
        CELCompileError("Syntax error: unexpected \(current.quoted)", at: current.position)
    }

    // MARK: Precedence levels

    private mutating func expression() throws(CELCompileError) -> CELNode {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw deepNesting(at: current.position) }
        let condition = try binary(level: 0)
        let position = current.position
        guard accept("?") else { return condition }
        let then = try binary(level: 0)
        try expect(":")
        let otherwise = try expression()
        return try make(.conditional(condition, then, otherwise), at: position)
    }

    /// Operators by precedence, loosest first. Relations are left-associative; `&&` and `||` chains are
    /// balanced (see `balanced`).
    private static let levels: [[CELBinaryOperator]] = [
        [.or], [.and], [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .in],
    ]

    private mutating func binary(level: Int) throws(CELCompileError) -> CELNode {
        guard level < Self.levels.count else { return try unary() }
        var operands = [try binary(level: level + 1)]
        var operators: [(CELBinaryOperator, CELPosition)] = []
        while let op = binaryOperator(in: Self.levels[level]) {
            operators.append((op, advance().position))
            operands.append(try binary(level: level + 1))
        }
        if Self.levels[level] == [.or] || Self.levels[level] == [.and] {
            return try balanced(operands, operators, 0, operands.count - 1)
        }
        var left = operands[0]
        for (index, (op, position)) in operators.enumerated() {
            left = try make(.binary(op, left, operands[index + 1]), at: position)
        }
        return left
    }

    /// A chain of `&&` (or of `||`) as a balanced tree, as cel-go builds it: the operators are
    /// associative, and a long chain then nests only logarithmically deep.
    private func balanced(
        _ operands: [CELNode], _ operators: [(CELBinaryOperator, CELPosition)], _ low: Int, _ high: Int
    ) throws(CELCompileError) -> CELNode {
        guard low < high else { return operands[low] }
        let middle = (low + high) / 2
        let left = try balanced(operands, operators, low, middle)
        let right = try balanced(operands, operators, middle + 1, high)
        return try make(.binary(operators[middle].0, left, right), at: operators[middle].1)
    }

    /// A node, refused when the expression would nest deeper than `maxDepth`.
    private func make(_ expression: CELExpression, at position: CELPosition) throws(CELCompileError) -> CELNode {
        let made = CELNode(expression, at: position)
        guard made.height <= Self.maxDepth else { throw deepNesting(at: position) }
        return made
    }

    private func deepNesting(at position: CELPosition) -> CELCompileError {
        CELCompileError("Syntax error: expression nests more than \(Self.maxDepth) levels deep", at: position)
    }

    private func binaryOperator(in candidates: [CELBinaryOperator]) -> CELBinaryOperator? {
        switch current.kind {
        case .symbol(let symbol): candidates.first { $0.rawValue == symbol }
        case .keyword("in"): candidates.contains(.in) ? .in : nil
        default: nil
        }
    }

    private mutating func unary() throws(CELCompileError) -> CELNode {
        let start = current.position
        let operand: CELNode
        if accept("!") {
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maxDepth else { throw deepNesting(at: current.position) }
            operand = try make(.not(try unary()), at: start)
        } else if accept("-") {
            guard case .int(let value) = current.kind else { throw .unsupported("arithmetic ('-')", at: start) }
            _ = advance()
            operand = try member(try make(.literal(.int(-value)), at: start))
        } else {
            operand = try member(try primary())
        }
        if case .symbol(let symbol) = current.kind, ["+", "-", "*", "/", "%"].contains(symbol) {
            throw .unsupported("arithmetic ('\(symbol)')", at: current.position)
        }
        return operand
    }

    // MARK: Member access and calls

    private mutating func member(_ operand: CELNode) throws(CELCompileError) -> CELNode {
        var node = operand
        while true {
            let position = current.position
            if accept(".") {
                if current.isSymbol("?") { throw .unsupported("optional field selection ('.?')", at: position) }
                guard case .identifier(let name) = advance().kind else {
                    throw CELCompileError("Syntax error: expected a field name after '.'", at: position)
                }
                if accept("(") {
                    node = try methodCall(name, target: node, at: position)
                } else {
                    node = try make(.select(node, field: name), at: position)
                }
            } else if accept("[") {
                if current.isSymbol("?") { throw .unsupported("optional indexing ('[?')", at: position) }
                let key = try expression()
                try expect("]")
                node = try make(.index(node, key), at: position)
            } else {
                return node
            }
        }
    }

    private mutating func arguments() throws(CELCompileError) -> [CELNode] {
        var list: [CELNode] = []
        if accept(")") { return list }
        repeat { list.append(try expression()) } while accept(",")
        try expect(")")
        return list
    }

    /// `target.name(arguments)`: a macro, or a call the checker resolves.
    private mutating func methodCall(_ name: String, target: CELNode, at position: CELPosition)
        throws(CELCompileError) -> CELNode
    {
        let args = try arguments()
        if let macro = CELMacro(rawValue: name) {
            guard args.count == 2 else {
                throw CELCompileError(
                    "\(name)() takes 2 arguments (a variable name and a predicate), got \(args.count)", at: position)
            }
            guard case .identifier(let variable) = args[0].expression else {
                throw CELCompileError("argument must be a simple name", at: args[0].position)
            }
            return try make(.comprehension(macro, range: target, variable: variable, predicate: args[1]), at: position)
        }
        return try make(.call(name, target: target, arguments: args), at: position)
    }

    /// `name(arguments)`: the `has()` macro, or a call the checker resolves.
    private mutating func globalCall(_ name: String, at position: CELPosition) throws(CELCompileError) -> CELNode {
        let args = try arguments()
        if name == "has" {
            guard args.count == 1, case .select(let operand, let field) = args[0].expression else {
                throw CELCompileError("invalid argument to has() macro", at: position)
            }
            return try make(.has(operand, field: field), at: position)
        }
        if CELMacro(rawValue: name) != nil {
            throw CELCompileError(
                "\(name)() must be called on a list or map: items.\(name)(x, predicate)", at: position)
        }
        return try make(.call(name, target: nil, arguments: args), at: position)
    }

    // MARK: Primaries

    private mutating func primary() throws(CELCompileError) -> CELNode {
        let token = advance()
        let position = token.position
        switch token.kind {
        case .int(let value):
            return try make(.literal(.int(value)), at: position)
        case .string(let text):
            return try make(.literal(.string(text)), at: position)
        case .keyword("true"), .keyword("false"):
            return try make(.literal(.bool(token.isKeyword("true"))), at: position)
        case .keyword("null"):
            return try make(.literal(.null), at: position)
        case .identifier(let name):
            if Self.reserved.contains(name) {
                throw CELCompileError("Syntax error: reserved identifier: \(name)", at: position)
            }
            if accept("(") { return try globalCall(name, at: position) }
            return try make(.identifier(name), at: position)
        case .symbol("("):
            let inner = try expression()
            try expect(")")
            return inner
        case .symbol("["):
            var items: [CELNode] = []
            while !current.isSymbol("]") {
                items.append(try expression())
                guard accept(",") else { break }
            }
            try expect("]")
            return try make(.list(items), at: position)
        case .symbol("{"):
            throw .unsupported("a map literal", at: position)
        case .symbol("."):
            throw .unsupported("a leading '.' (qualified name)", at: position)
        case .end:
            throw CELCompileError("Syntax error: unexpected end of expression", at: position)
        default:
            index -= 1
            throw unexpected()
        }
    }
}
