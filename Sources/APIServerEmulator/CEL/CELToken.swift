/// One lexical unit of a CEL expression, with where it starts.
struct CELToken: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        case identifier(String)
        case string(String)
        case int(Int64)
        /// A CEL keyword or reserved word that cannot be an identifier (`true`, `null`, `in`, `for`, ...).
        case keyword(String)
        /// Punctuation and operators: `.`, `(`, `==`, `&&`, `?`, ...
        case symbol(String)
        case end
    }

    var kind: Kind
    var position: CELPosition

    /// How the token is named in a syntax error: `')'`, `identifier 'foo'`, `end of expression`.
    var quoted: String {
        switch kind {
        case .identifier(let name): "identifier '\(name)'"
        case .string: "string literal"
        case .int(let value): "'\(value)'"
        case .keyword(let word): "'\(word)'"
        case .symbol(let symbol): "'\(symbol)'"
        case .end: "end of expression"
        }
    }

    func isSymbol(_ symbol: String) -> Bool { kind == .symbol(symbol) }
    func isKeyword(_ word: String) -> Bool { kind == .keyword(word) }
}
