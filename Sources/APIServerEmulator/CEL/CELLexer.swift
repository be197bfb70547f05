/// Splits a CEL expression into tokens: identifiers, keywords, int and string literals (single,
/// double, triple-quoted and raw, with CEL's escapes), operators and punctuation.
struct CELLexer {
    /// Words CEL keeps for its literals and `in`; reserved identifiers (`if`, `namespace`, ...) are
    /// refused by the parser only where they would name a variable, so `request.namespace` is fine.
    static let keywords: Set<String> = ["true", "false", "null", "in"]
    /// Longest first, so `<=` wins over `<`.
    static let symbols = [
        "==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "?", ":", ".", ",", "(", ")", "[", "]", "{", "}", "+", "-",
        "*", "/", "%",
    ]

    private let characters: [Character]
    private var offset = 0
    private var line = 1
    private var column = 1

    init(_ source: String) { characters = Array(source) }

    /// Every token of the source, ending with `.end`.
    static func tokens(_ source: String) throws(CELCompileError) -> [CELToken] {
        var lexer = CELLexer(source)
        var tokens: [CELToken] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private var position: CELPosition { CELPosition(line: line, column: column) }

    private func peek(_ ahead: Int = 0) -> Character? {
        offset + ahead < characters.count ? characters[offset + ahead] : nil
    }

    private mutating func advance() {
        if characters[offset] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        offset += 1
    }

    private mutating func skipSpaceAndComments() {
        while let character = peek() {
            if character.isWhitespace {
                advance()
            } else if character == "/", peek(1) == "/" {
                while let next = peek(), next != "\n" { advance() }
            } else {
                return
            }
        }
    }

    mutating func next() throws(CELCompileError) -> CELToken {
        skipSpaceAndComments()
        let start = position
        guard let character = peek() else { return CELToken(kind: .end, position: start) }
        if character == "_" || character.isLetter && character.isASCII {
            var word = ""
            while let next = peek(), next == "_" || (next.isASCII && (next.isLetter || next.isNumber)) {
                word.append(next)
                advance()
            }
            if ["r", "R"].contains(word), let quote = peek(), quote == "'" || quote == "\"" {
                return CELToken(kind: .string(try readString(raw: true)), position: start)
            }
            if ["b", "B"].contains(word), let quote = peek(), quote == "'" || quote == "\"" {
                throw .unsupported("a bytes literal", at: start)
            }
            if Self.keywords.contains(word) { return CELToken(kind: .keyword(word), position: start) }
            return CELToken(kind: .identifier(word), position: start)
        }
        if character.isASCII && character.isNumber {
            return CELToken(kind: .int(try readNumber(at: start)), position: start)
        }
        if character == "'" || character == "\"" {
            return CELToken(kind: .string(try readString(raw: false)), position: start)
        }
        for symbol in Self.symbols where matches(symbol) {
            for _ in 0..<symbol.count { advance() }
            return CELToken(kind: .symbol(symbol), position: start)
        }
        throw CELCompileError("Syntax error: unexpected character '\(character)'", at: start)
    }

    private func matches(_ symbol: String) -> Bool {
        for (index, expected) in symbol.enumerated() where peek(index) != expected { return false }
        return true
    }

    /// A decimal or hexadecimal int; doubles and unsigned ints are outside the subset.
    private mutating func readNumber(at start: CELPosition) throws(CELCompileError) -> Int64 {
        var digits = ""
        var radix = 10
        if peek() == "0", let x = peek(1), x == "x" || x == "X" {
            radix = 16
            advance()
            advance()
        }
        while let next = peek(), next.isASCII, next.isHexDigit, radix == 16 || next.isNumber {
            digits.append(next)
            advance()
        }
        if let next = peek(), next == "." || next == "e" || next == "E" {
            throw .unsupported("a floating-point literal", at: start)
        }
        if let next = peek(), next == "u" || next == "U" { throw .unsupported("an unsigned int literal", at: start) }
        guard let value = Int64(digits, radix: radix) else {
            throw CELCompileError("Syntax error: invalid int literal", at: start)
        }
        return value
    }

    /// A quoted string starting at the opening quote; triple quotes may span lines.
    private mutating func readString(raw: Bool) throws(CELCompileError) -> String {
        let start = position
        guard let quote = peek() else { throw CELCompileError("Syntax error: unterminated string", at: start) }
        let triple = peek(1) == quote && peek(2) == quote
        for _ in 0..<(triple ? 3 : 1) { advance() }
        var text = ""
        while true {
            guard let character = peek() else { throw CELCompileError("Syntax error: unterminated string", at: start) }
            if character == quote, !triple || (peek(1) == quote && peek(2) == quote) {
                for _ in 0..<(triple ? 3 : 1) { advance() }
                return text
            }
            if character == "\n" && !triple {
                throw CELCompileError("Syntax error: unterminated string", at: start)
            }
            if character == "\\" && !raw {
                let escapeStart = position
                advance()
                text.unicodeScalars.append(try readEscape(at: escapeStart))
                continue
            }
            text.append(character)
            advance()
        }
    }

    /// The character after a backslash: `\n`, `\'`, `\x41`, `\u00e9`, `\U0001F600`, `\101`, ...
    private mutating func readEscape(at start: CELPosition) throws(CELCompileError) -> Unicode.Scalar {
        let invalid = CELCompileError("Syntax error: invalid escape sequence", at: start)
        guard let character = peek() else { throw invalid }
        let simple: [Character: Unicode.Scalar] = [
            "a": "\u{07}", "b": "\u{08}", "f": "\u{0C}", "n": "\n", "r": "\r", "t": "\t", "v": "\u{0B}",
            "\\": "\\", "'": "'", "\"": "\"", "`": "`", "?": "?",
        ]
        if let scalar = simple[character] {
            advance()
            return scalar
        }
        let (count, radix): (Int, Int) =
            switch character {
            case "x", "X": (2, 16)
            case "u": (4, 16)
            case "U": (8, 16)
            case "0"..."3": (3, 8)
            default: (0, 0)
            }
        guard count > 0 else { throw invalid }
        if radix == 16 { advance() }
        var digits = ""
        for _ in 0..<count {
            guard let digit = peek(), digit.isASCII, digit.isHexDigit, radix == 16 || ("0"..."7").contains(digit)
            else { throw invalid }
            digits.append(digit)
            advance()
        }
        guard let value = UInt32(digits, radix: radix), let scalar = Unicode.Scalar(value) else { throw invalid }
        return scalar
    }
}
