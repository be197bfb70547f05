import DrawbridgeAPI
import Foundation

/// Turns a printer-column JSONPath into steps; kept apart from `PrinterJSONPath` so the evaluator
/// stays readable.
struct PrinterJSONPathParser {
    struct Failure: Error {
        var message: String
    }

    private let characters: [Character]
    private var position = 0

    init(expression: String) {
        var text = Substring(expression.trimmingCharacters(in: .whitespaces))
        if text.hasPrefix("{"), text.hasSuffix("}") { text = text.dropFirst().dropLast() }
        text = Substring(text.trimmingCharacters(in: .whitespaces))
        if text.hasPrefix("$") { text = text.dropFirst() }
        characters = Array(text)
    }

    mutating func parse() throws(Failure) -> [PrinterJSONPath.Step] {
        try parseSteps(stopAt: nil)
    }

    /// Parses steps until the end or until `stop` (a character that ends a filter's inner path).
    private mutating func parseSteps(stopAt stop: Set<Character>?) throws(Failure) -> [PrinterJSONPath.Step] {
        var steps: [PrinterJSONPath.Step] = []
        while position < characters.count {
            let character = characters[position]
            if let stop, stop.contains(character) { break }
            switch character {
            case ".":
                position += 1
                guard position < characters.count else { throw Failure(message: "path ends with '.'") }
                if characters[position] == "." { throw Failure(message: "recursive descent is not supported") }
                if characters[position] == "*" {
                    position += 1
                    steps.append(.wildcard)
                } else if characters[position] != "[" {
                    steps.append(.field(try readName(stopAt: stop ?? [])))
                }
            case "[":
                steps.append(try readBracket())
            default:
                if steps.isEmpty {
                    steps.append(.field(try readName(stopAt: stop ?? [])))
                } else {
                    throw Failure(message: "unexpected '\(character)'")
                }
            }
        }
        return steps
    }

    /// A member name up to the next `.` or `[`; `\.` escapes a dot inside the name.
    private mutating func readName(stopAt stop: Set<Character>) throws(Failure) -> String {
        var name = ""
        while position < characters.count {
            let character = characters[position]
            if character == "\\", position + 1 < characters.count {
                name.append(characters[position + 1])
                position += 2
                continue
            }
            if character == "." || character == "[" || stop.contains(character) || character == " " { break }
            name.append(character)
            position += 1
        }
        guard !name.isEmpty else { throw Failure(message: "empty member name") }
        return name
    }

    private mutating func readBracket() throws(Failure) -> PrinterJSONPath.Step {
        position += 1  // [
        guard position < characters.count else { throw Failure(message: "unterminated '['") }
        let step: PrinterJSONPath.Step
        switch characters[position] {
        case "'", "\"":
            step = .field(try readQuoted())
        case "*":
            position += 1
            step = .wildcard
        case "?":
            step = try readFilter()
        default:
            var digits = ""
            while position < characters.count, characters[position] != "]" {
                digits.append(characters[position])
                position += 1
            }
            guard let index = Int(digits.trimmingCharacters(in: .whitespaces)) else {
                throw Failure(message: "unsupported subscript '\(digits)'")
            }
            step = .index(index)
        }
        try expect("]")
        return step
    }

    /// `?(@.a.b == literal)`, `?(@.a != literal)` or `?(@.a)`.
    private mutating func readFilter() throws(Failure) -> PrinterJSONPath.Step {
        position += 1  // ?
        try expect("(")
        skipSpaces()
        try expect("@")
        let path = try parseSteps(stopAt: ["=", "!", ")", " "])
        skipSpaces()
        var comparison: PrinterJSONPath.Comparison?
        if position + 1 < characters.count, characters[position + 1] == "=",
            characters[position] == "=" || characters[position] == "!"
        {
            let equal = characters[position] == "="
            position += 2
            skipSpaces()
            comparison = PrinterJSONPath.Comparison(equal: equal, literal: try readLiteral())
            skipSpaces()
        }
        try expect(")")
        return .filter(path: path, comparison: comparison)
    }

    private mutating func readLiteral() throws(Failure) -> JSONValue {
        guard position < characters.count else { throw Failure(message: "missing literal") }
        if characters[position] == "'" || characters[position] == "\"" { return .string(try readQuoted()) }
        var token = ""
        while position < characters.count, characters[position] != ")", characters[position] != " " {
            token.append(characters[position])
            position += 1
        }
        if token == "true" { return .bool(true) }
        if token == "false" { return .bool(false) }
        if token == "null" { return .null }
        if let integer = Int64(token) { return .int(integer) }
        if let number = Double(token) { return .double(number) }
        throw Failure(message: "unsupported literal '\(token)'")
    }

    private mutating func readQuoted() throws(Failure) -> String {
        let quote = characters[position]
        position += 1
        var text = ""
        while position < characters.count, characters[position] != quote {
            if characters[position] == "\\", position + 1 < characters.count { position += 1 }
            text.append(characters[position])
            position += 1
        }
        try expect(quote)
        return text
    }

    private mutating func expect(_ character: Character) throws(Failure) {
        guard position < characters.count, characters[position] == character else {
            throw Failure(message: "expected '\(character)'")
        }
        position += 1
    }

    private mutating func skipSpaces() {
        while position < characters.count, characters[position] == " " { position += 1 }
    }
}
