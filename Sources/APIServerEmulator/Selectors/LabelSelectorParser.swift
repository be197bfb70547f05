/// The lexer and recursive-descent parser behind `LabelSelectorQuery`, a port of the one in
/// `k8s.io/apimachinery/pkg/labels/selector.go` so that accepted inputs and error texts agree.
struct LabelSelectorParser {
    enum Token: Equatable {
        case identifier, doesNotExist, equals, doubleEquals, notEquals, openPar, closedPar, comma
        case greaterThan, lessThan, `in`, notIn, end, error
    }

    private static let symbols: [String: Token] = [
        "!": .doesNotExist, "=": .equals, "==": .doubleEquals, "!=": .notEquals, "(": .openPar, ")": .closedPar,
        ",": .comma, ">": .greaterThan, "<": .lessThan,
    ]
    private static let specialCharacters: Set<Character> = ["=", "!", "(", ")", ",", ">", "<"]
    private static let whitespace: Set<Character> = [" ", "\t", "\r", "\n"]

    private var items: [(token: Token, literal: String)] = []
    private var position = 0

    init(_ text: String) {
        items = Self.lex(Array(text))
    }

    private static func lex(_ chars: [Character]) -> [(token: Token, literal: String)] {
        var result: [(token: Token, literal: String)] = []
        var index = 0
        while true {
            while index < chars.count, whitespace.contains(chars[index]) { index += 1 }
            guard index < chars.count else {
                result.append((.end, ""))
                return result
            }
            if specialCharacters.contains(chars[index]) {
                var buffer = ""
                var last: (token: Token, literal: String)?
                while index < chars.count, specialCharacters.contains(chars[index]) {
                    buffer.append(chars[index])
                    if let token = symbols[buffer] {
                        last = (token, buffer)
                        index += 1
                    } else if last != nil {
                        break
                    } else {
                        index += 1
                    }
                }
                guard let last else {
                    result.append((.error, "error expected: keyword found '\(buffer)'"))
                    result.append((.end, ""))
                    return result
                }
                result.append(last)
            } else {
                var literal = ""
                while index < chars.count, !whitespace.contains(chars[index]),
                    !specialCharacters.contains(chars[index])
                {
                    literal.append(chars[index])
                    index += 1
                }
                switch literal {
                case "in": result.append((.in, literal))
                case "notin": result.append((.notIn, literal))
                default: result.append((.identifier, literal))
                }
            }
        }
    }

    /// In key and value positions `in` and `notin` are ordinary identifiers.
    private func lookahead(values: Bool = true) -> (token: Token, literal: String) {
        let item = items[min(position, items.count - 1)]
        if values, item.token == .in || item.token == .notIn { return (.identifier, item.literal) }
        return item
    }

    private mutating func consume(values: Bool = true) -> (token: Token, literal: String) {
        let item = lookahead(values: values)
        position = min(position + 1, items.count - 1)
        return item
    }

    mutating func parse() throws(SelectorError) -> [LabelSelectorQuery.Requirement] {
        var requirements: [LabelSelectorQuery.Requirement] = []
        while true {
            let (token, literal) = lookahead()
            switch token {
            case .identifier, .doesNotExist:
                do {
                    requirements.append(try parseRequirement())
                } catch {
                    throw SelectorError(.malformed, "unable to parse requirement: \(error.message)")
                }
                let (next, nextLiteral) = consume()
                switch next {
                case .end:
                    return requirements
                case .comma:
                    let (after, afterLiteral) = lookahead()
                    if after != .identifier && after != .doesNotExist {
                        throw SelectorError(.malformed, "found '\(afterLiteral)', expected: identifier after ','")
                    }
                default:
                    throw SelectorError(.malformed, "found '\(nextLiteral)', expected: ',' or 'end of string'")
                }
            case .end:
                return requirements
            default:
                throw SelectorError(.malformed, "found '\(literal)', expected: !, identifier, or 'end of string'")
            }
        }
    }

    private mutating func parseRequirement() throws(SelectorError) -> LabelSelectorQuery.Requirement {
        var op: LabelSelectorQuery.Operator?
        var (token, key) = consume()
        if token == .doesNotExist {
            op = .doesNotExist
            (token, key) = consume()
        }
        guard token == .identifier else { throw SelectorError(.malformed, "found '\(key)', expected: identifier") }
        let keyErrors = LabelSyntax.keyErrors(key)
        if !keyErrors.isEmpty {
            throw SelectorError(.malformed, "key: Invalid value: \"\(key)\": " + keyErrors.joined(separator: "; "))
        }
        let next = lookahead().token
        if next == .end || next == .comma {
            return .init(key: key, op: op ?? .exists)
        }
        if op == .doesNotExist { return .init(key: key, op: .doesNotExist) }

        let (opToken, opLiteral) = consume(values: false)
        let values: [String]
        switch opToken {
        case .in: (op, values) = (.in, try parseValues())
        case .notIn: (op, values) = (.notIn, try parseValues())
        case .equals: (op, values) = (.equals, try parseExactValue())
        case .doubleEquals: (op, values) = (.doubleEquals, try parseExactValue())
        case .notEquals: (op, values) = (.notEquals, try parseExactValue())
        case .greaterThan: (op, values) = (.greaterThan, try parseExactValue())
        case .lessThan: (op, values) = (.lessThan, try parseExactValue())
        default:
            throw SelectorError(.malformed, "found '\(opLiteral)', expected: in, notin, =, ==, !=, gt, lt")
        }
        let sorted = Array(Set(values)).sorted()
        if op == .greaterThan || op == .lessThan, sorted.count != 1 || Int64(sorted[0]) == nil {
            throw SelectorError(
                .malformed,
                "values[0]: Invalid value: \"\(sorted.first ?? "")\": "
                    + "for 'Gt', 'Lt' operators, the value must be an integer")
        }
        for (index, value) in sorted.enumerated() {
            let errors = LabelSyntax.valueErrors(value)
            if !errors.isEmpty {
                throw SelectorError(
                    .malformed,
                    "values[\(index)][\(key)]: Invalid value: \"\(value)\": " + errors.joined(separator: "; "))
            }
        }
        return .init(key: key, op: op ?? .exists, values: sorted)
    }

    private mutating func parseValues() throws(SelectorError) -> [String] {
        let (token, literal) = consume()
        guard token == .openPar else { throw SelectorError(.malformed, "found '\(literal)' expected: '('") }
        let (next, nextLiteral) = lookahead()
        switch next {
        case .identifier, .comma:
            let values = try parseIdentifierList()
            let (closing, closingLiteral) = consume()
            guard closing == .closedPar else {
                throw SelectorError(.malformed, "found '\(closingLiteral)', expected: ')'")
            }
            return values
        case .closedPar:
            _ = consume()
            return [""]
        default:
            throw SelectorError(.malformed, "found '\(nextLiteral)', expected: ',', ')' or identifier")
        }
    }

    private mutating func parseIdentifierList() throws(SelectorError) -> [String] {
        var values: [String] = []
        while true {
            let (token, literal) = consume()
            switch token {
            case .identifier:
                values.append(literal)
                let (next, nextLiteral) = lookahead()
                switch next {
                case .comma: continue
                case .closedPar: return values
                default: throw SelectorError(.malformed, "found '\(nextLiteral)', expected: ',' or ')'")
                }
            case .comma:
                if values.isEmpty { values.append("") }
                let next = lookahead().token
                if next == .closedPar {
                    values.append("")
                    return values
                }
                if next == .comma {
                    _ = consume()
                    values.append("")
                }
            default:
                throw SelectorError(.malformed, "found '\(literal)', expected: ',', or identifier")
            }
        }
    }

    private mutating func parseExactValue() throws(SelectorError) -> [String] {
        let next = lookahead().token
        if next == .end || next == .comma { return [""] }
        let (token, literal) = consume()
        guard token == .identifier else { throw SelectorError(.malformed, "found '\(literal)', expected: identifier") }
        return [literal]
    }
}
