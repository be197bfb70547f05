import DrawbridgeAPI

/// Evaluates a checked expression over JSON values (the data model of `object`, `oldObject` and
/// `request`). Missing fields fail with `no such key`, as in CEL, and `&&`, `||`, `exists` and `all`
/// absorb an error when the other side already decides the result (`false && error` is `false`).
struct CELEvaluator {
    var variables: [String: JSONValue]

    func evaluate(_ node: CELNode) throws(CELEvaluationError) -> JSONValue {
        switch node.expression {
        case .literal(let value):
            return value
        case .identifier(let name):
            guard let value = variables[name] else { throw CELEvaluationError("no such attribute: \(name)") }
            return value
        case .list(let items):
            var values: [JSONValue] = []
            for item in items { values.append(try evaluate(item)) }
            return .array(values)
        case .select(let operand, let field):
            guard let value = try evaluate(operand)[field] else { throw .noSuchKey(field) }
            return value
        case .has(let operand, let field):
            return .bool(try evaluate(operand)[field] != nil)
        case .index(let operand, let key):
            return try Self.index(try evaluate(operand), try evaluate(key))
        case .not(let operand):
            let value = try evaluate(operand)
            guard case .bool(let flag) = value else { throw .noSuchOverload("!_", [value]) }
            return .bool(!flag)
        case .binary(.and, let left, let right):
            return try logical(and: true, left, right)
        case .binary(.or, let left, let right):
            return try logical(and: false, left, right)
        case .binary(let op, let left, let right):
            return .bool(try CELOperators.apply(op, try evaluate(left), try evaluate(right)))
        case .conditional(let condition, let then, let otherwise):
            let value = try evaluate(condition)
            guard case .bool(let flag) = value else { throw .noSuchOverload("_?_:_", [value]) }
            return try evaluate(flag ? then : otherwise)
        case .call(let name, let target, let arguments):
            guard let function = CELFunction(rawValue: name) else {
                throw CELEvaluationError("function '\(name)' is not supported")  // refused by the checker
            }
            var values: [JSONValue] = []
            if let target { values.append(try evaluate(target)) }
            for argument in arguments { values.append(try evaluate(argument)) }
            return try CELOperators.call(function, values)
        case .comprehension(let macro, let range, let variable, let predicate):
            return .bool(try comprehend(macro, try evaluate(range), variable, predicate))
        }
    }

    /// `&&` (and: true) or `||` (and: false), commutative over errors as CEL specifies: the deciding
    /// value (`false` for `&&`, `true` for `||`) on either side wins over an error on the other.
    private func logical(and: Bool, _ left: CELNode, _ right: CELNode) throws(CELEvaluationError) -> JSONValue {
        let decisive = JSONValue.bool(!and)
        let first = Result { () throws(CELEvaluationError) in try evaluate(left) }
        if case .success(decisive) = first { return decisive }
        let second = Result { () throws(CELEvaluationError) in try evaluate(right) }
        if case .success(decisive) = second { return decisive }
        let name = and ? "_&&_" : "_||_"
        switch (first, second) {
        case (.failure(let error), _), (_, .failure(let error)):
            throw error
        case (.success(.bool), .success(.bool)):
            return .bool(and)
        case (.success(let a), .success(let b)):
            throw .noSuchOverload(name, [a, b])
        }
    }

    private func comprehend(_ macro: CELMacro, _ range: JSONValue, _ variable: String, _ predicate: CELNode)
        throws(CELEvaluationError) -> Bool
    {
        let elements: [JSONValue]
        switch range {
        case .array(let items): elements = items
        case .object(let fields): elements = fields.keys.sorted().map(JSONValue.string)
        default: throw CELEvaluationError("\(macro.rawValue)() cannot iterate over \(CELType.of(range))")
        }
        var scoped = self
        var firstError: CELEvaluationError?
        var trueCount = 0
        for element in elements {
            scoped.variables[variable] = element
            let outcome: Bool
            do throws(CELEvaluationError) {
                let value = try scoped.evaluate(predicate)
                guard case .bool(let flag) = value else {
                    throw CELEvaluationError(
                        "the predicate of \(macro.rawValue)() returned \(CELType.of(value)), not bool")
                }
                outcome = flag
            } catch {
                if macro == .existsOne { throw error }
                firstError = firstError ?? error
                continue
            }
            switch macro {
            case .exists where outcome: return true
            case .all where !outcome: return false
            case .existsOne where outcome: trueCount += 1
            default: break
            }
        }
        if let firstError { throw firstError }
        switch macro {
        case .exists: return false
        case .all: return true
        case .existsOne: return trueCount == 1
        }
    }

    /// `list[int]` or `map[key]`.
    private static func index(_ container: JSONValue, _ key: JSONValue) throws(CELEvaluationError) -> JSONValue {
        switch (container, key) {
        case (.array(let items), .int(let position)):
            guard position >= 0, position < items.count else {
                throw CELEvaluationError("index out of bounds: \(position)")
            }
            return items[Int(position)]
        case (.array, _):
            throw CELEvaluationError("unsupported index type '\(CELType.of(key))' in list")
        case (.object(let fields), .string(let name)):
            guard let value = fields[name] else { throw .noSuchKey(name) }
            return value
        default:
            throw .noSuchKey(CELOperators.render(key))
        }
    }
}
