import DrawbridgeAPI

/// The runtime meaning of the subset's operators and functions on JSON values: CEL's heterogeneous
/// equality (values of different types are unequal, ints and doubles compare by value), ordering of
/// like types, `in`, `size`, and the string functions.
enum CELOperators {
    static func apply(_ op: CELBinaryOperator, _ left: JSONValue, _ right: JSONValue) throws(CELEvaluationError)
        -> Bool
    {
        switch op {
        case .equal: return equal(left, right)
        case .notEqual: return !equal(left, right)
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let order = compare(left, right) else { throw .noSuchOverload(op.overloadName, [left, right]) }
            switch op {
            case .less: return order < 0
            case .lessOrEqual: return order <= 0
            case .greater: return order > 0
            default: return order >= 0
            }
        case .in:
            switch right {
            case .array(let items): return items.contains { equal(left, $0) }
            case .object(let fields): return left.stringValue.map { fields[$0] != nil } ?? false
            default: throw .noSuchOverload(op.overloadName, [left, right])
            }
        case .and, .or:
            // Evaluated with error absorption by CELEvaluator; reaching here is a plain boolean pair.
            guard case .bool(let a) = left, case .bool(let b) = right else {
                throw .noSuchOverload(op.overloadName, [left, right])
            }
            return op == .and ? a && b : a || b
        }
    }

    /// CEL equality: numbers by value across int and double, lists element-wise, maps key-wise, and
    /// `false` (not an error) for values of different types.
    static func equal(_ left: JSONValue, _ right: JSONValue) -> Bool {
        switch (left, right) {
        case (.int(let a), .double(let b)): return Double(a) == b
        case (.double(let a), .int(let b)): return a == Double(b)
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map { equal(value, $0) } ?? false }
        default:
            return left == right
        }
    }

    /// -1, 0 or 1 for values of an ordered type (numbers, strings by code point, bools); nil otherwise.
    static func compare(_ left: JSONValue, _ right: JSONValue) -> Int? {
        func order<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }
        switch (left, right) {
        case (.int(let a), .int(let b)): return order(a, b)
        case (.double(let a), .double(let b)): return order(a, b)
        case (.int(let a), .double(let b)): return order(Double(a), b)
        case (.double(let a), .int(let b)): return order(a, Double(b))
        case (.bool(let a), .bool(let b)): return order(a ? 1 : 0, b ? 1 : 0)
        case (.string(let a), .string(let b)):
            if a == b { return 0 }
            return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) ? -1 : 1
        default: return nil
        }
    }

    /// `size`, `startsWith`, `endsWith`, `contains` and `matches`; `values` starts with the receiver
    /// for `x.f(y)` calls (the checker has fixed the argument counts).
    static func call(_ function: CELFunction, _ values: [JSONValue]) throws(CELEvaluationError) -> JSONValue {
        switch function {
        case .size:
            switch values[0] {
            case .string(let text): return .int(Int64(text.unicodeScalars.count))
            case .array(let items): return .int(Int64(items.count))
            case .object(let fields): return .int(Int64(fields.count))
            default: throw .noSuchOverload("size", values)
            }
        case .startsWith:
            let (text, prefix) = try strings(function, values)
            return .bool(text.starts(with: prefix))
        case .endsWith:
            let (text, suffix) = try strings(function, values)
            return .bool(text.reversed().starts(with: suffix.reversed()))
        case .contains:
            let (text, part) = try strings(function, values)
            return .bool(part.isEmpty || String(text).contains(String(part)))
        case .matches:
            let (text, pattern) = try strings(function, values)
            return .bool(try CELRegex.matches(String(text), String(pattern)))
        }
    }

    /// The receiver and argument of a string function, compared by Unicode scalar as CEL does.
    private static func strings(_ function: CELFunction, _ values: [JSONValue]) throws(CELEvaluationError)
        -> (String.UnicodeScalarView, String.UnicodeScalarView)
    {
        guard values.count == 2, case .string(let text) = values[0], case .string(let argument) = values[1] else {
            throw .noSuchOverload(function.rawValue, values)
        }
        return (text.unicodeScalars, argument.unicodeScalars)
    }

    /// A value as Go's `%v` prints it in `no such key: ...`.
    static func render(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        case .array, .object: "\(value)"
        }
    }
}
