/// The metric names a PromQL expression reads, for checking alert rules and dashboards against what
/// the binary exports. A small scanner, not a parser: it drops strings, label matchers (`{...}`),
/// ranges (`[...]`) and the label lists of `by`/`without`/`on`/`ignoring`/`group_left`/`group_right`,
/// then keeps every identifier that is neither a function call, an aggregation nor a keyword.
enum PromQLNames {
    static let clauses: Set = ["by", "without", "on", "ignoring", "group_left", "group_right"]
    static let keywords: Set = ["and", "or", "unless", "bool", "offset", "inf", "nan"]

    static func metrics(in expression: String) -> Set<String> {
        let text = Array(withoutBracketed(expression))
        var names: Set<String> = []
        var index = 0
        while index < text.count {
            guard isIdentifierStart(text[index]) else {
                // Skip a number (with its exponent or unit) whole, so `1e3` is not read as `e3`.
                if text[index].isNumber {
                    while index < text.count, text[index].isLetter || text[index].isNumber || text[index] == "." {
                        index += 1
                    }
                } else {
                    index += 1
                }
                continue
            }
            var end = index
            while end < text.count, isIdentifierStart(text[end]) || text[end].isNumber { end += 1 }
            let word = String(text[index..<end])
            var next = end
            while next < text.count, text[next] == " " || text[next] == "\n" { next += 1 }
            // `sum by (le) (...)`: an aggregation whose grouping comes before its argument.
            let grouped = ["by", "without"].contains { clause in
                next + clause.count <= text.count && String(text[next..<next + clause.count]).lowercased() == clause
                    && (next + clause.count == text.count || !isIdentifierStart(text[next + clause.count]))
            }
            let call = (next < text.count && text[next] == "(") || grouped
            if call, clauses.contains(word.lowercased()) {
                // A label list: skip to its closing parenthesis.
                while next < text.count, text[next] != ")" { next += 1 }
                index = next + 1
                continue
            }
            if !call, !keywords.contains(word.lowercased()), !clauses.contains(word.lowercased()) {
                names.insert(word)
            }
            index = end
        }
        return names
    }

    /// `expression` with quoted strings, `{...}` and `[...]` blanked out.
    static func withoutBracketed(_ expression: String) -> String {
        var result = ""
        var closing: Character?
        var escaped = false
        for character in expression {
            if let end = closing {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == end {
                    closing = nil
                }
                result.append(" ")
                continue
            }
            switch character {
            case "\"", "'": closing = character
            case "{": closing = "}"
            case "[": closing = "]"
            default:
                result.append(character)
                continue
            }
            result.append(" ")
        }
        return result
    }

    static func isIdentifierStart(_ character: Character) -> Bool {
        character == "_" || character == ":" || (character.isASCII && character.isLetter)
    }
}
