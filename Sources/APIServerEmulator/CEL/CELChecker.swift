import DrawbridgeAPI

/// Type-checks a parsed expression against its declarations, as cel-go's checker does when
/// kube-apiserver validates a configuration: undeclared names, undefined fields of declared types,
/// operators applied to types they have no overload for, and a result that is not `bool`.
/// `object` and `oldObject` are `dyn`, so most mistakes about them can only show at evaluation.
struct CELChecker {
    let declarations: CELDeclarations
    /// Comprehension variables in scope; an inner one shadows an outer one of the same name.
    private var scope: [String: CELType] = [:]

    private init(declarations: CELDeclarations) { self.declarations = declarations }

    /// Checks `root` and that it evaluates to `bool`.
    static func check(_ root: CELNode, declarations: CELDeclarations) throws(CELCompileError) {
        var checker = CELChecker(declarations: declarations)
        let result = try checker.type(of: root)
        guard result == .bool else {
            throw CELCompileError("must evaluate to bool but got \(result)", at: nil)
        }
    }

    private mutating func type(of node: CELNode) throws(CELCompileError) -> CELType {
        let position = node.position
        switch node.expression {
        case .literal(let value):
            return CELType.of(value)
        case .identifier(let name):
            if let type = scope[name] ?? declarations.variables[name] { return type }
            if let what = declarations.unsupported[name] { throw .unsupported(what, at: position) }
            throw CELCompileError("undeclared reference to '\(name)' (in container '')", at: position)
        case .list(let items):
            var element: CELType?
            for item in items {
                let type = try type(of: item)
                guard let known = element else {
                    element = type
                    continue
                }
                guard let joined = known.joined(with: type) else {
                    throw CELCompileError("expected type '\(known)' but found '\(type)'", at: item.position)
                }
                element = joined
            }
            return .list(element ?? .dyn)
        case .select(let operand, let field):
            return try Self.select(field, on: try type(of: operand), at: position)
        case .has(let operand, let field):
            _ = try Self.select(field, on: try type(of: operand), at: position)
            return .bool
        case .index(let operand, let key):
            return try Self.index(try type(of: operand), with: try type(of: key), at: position)
        case .not(let operand):
            let type = try type(of: operand)
            guard type.isAssignable(to: .bool) else { throw Self.noOverload("!_", [type], at: position) }
            return .bool
        case .binary(let op, let left, let right):
            return try Self.binary(op, try type(of: left), try type(of: right), at: position)
        case .conditional(let condition, let then, let otherwise):
            let types = [try type(of: condition), try type(of: then), try type(of: otherwise)]
            guard types[0].isAssignable(to: .bool), let joined = types[1].joined(with: types[2]) else {
                throw Self.noOverload("_?_:_", types, at: position)
            }
            return joined
        case .call(let name, let target, let arguments):
            var types: [CELType] = []
            if let target { types.append(try type(of: target)) }
            let function = try Self.resolve(
                name, receiver: target != nil, operands: types.count + arguments.count, at: position)
            for argument in arguments { types.append(try type(of: argument)) }
            return try Self.call(function, types, receiver: target != nil, arguments: arguments, at: position)
        case .comprehension(let macro, let range, let variable, let predicate):
            let element: CELType
            switch try type(of: range) {
            case .dyn: element = .dyn
            case .list(let type): element = type
            case .map(let key, _): element = key
            case let other:
                throw CELCompileError(
                    "expression of type '\(other)' cannot be range of a comprehension (must be list, map, or dynamic)",
                    at: range.position)
            }
            let shadowed = scope[variable]
            scope[variable] = element
            defer { scope[variable] = shadowed }
            let result = try type(of: predicate)
            guard result.isAssignable(to: .bool) else {
                throw CELCompileError(
                    "the predicate of \(macro.rawValue)() must be a bool, got \(result)", at: predicate.position)
            }
            return .bool
        }
    }

    /// `operand.field` on a map, a declared object or `dyn`.
    private static func select(_ field: String, on type: CELType, at position: CELPosition) throws(CELCompileError)
        -> CELType
    {
        switch type {
        case .dyn: return .dyn
        case .map(let key, let value) where key.isAssignable(to: .string): return value
        case .object(_, let fields):
            guard let fieldType = fields[field] else {
                throw CELCompileError("undefined field '\(field)'", at: position)
            }
            return fieldType
        default:
            throw CELCompileError("type '\(type)' does not support field selection", at: position)
        }
    }

    private static func index(_ type: CELType, with key: CELType, at position: CELPosition)
        throws(CELCompileError) -> CELType
    {
        switch type {
        case .dyn: return .dyn
        case .list(let element) where key.isAssignable(to: .int): return element
        case .map(let keyType, let value) where key.isAssignable(to: keyType): return value
        default: throw noOverload("_[_]", [type, key], at: position)
        }
    }

    private static func binary(_ op: CELBinaryOperator, _ left: CELType, _ right: CELType, at position: CELPosition)
        throws(CELCompileError) -> CELType
    {
        let fits: Bool
        switch op {
        case .and, .or:
            fits = left.isAssignable(to: .bool) && right.isAssignable(to: .bool)
        case .equal, .notEqual:
            fits = left.isAssignable(to: right) || left == .null || right == .null
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let ordered: Set<CELType> = [.dyn, .bool, .int, .double, .string]
            fits = ordered.contains(left) && ordered.contains(right) && left.isAssignable(to: right)
        case .in:
            switch right {
            case .dyn: fits = true
            case .list(let element): fits = left.isAssignable(to: element)
            case .map(let key, _): fits = left.isAssignable(to: key)
            default: fits = false
            }
        }
        guard fits else { throw noOverload(op.overloadName, [left, right], at: position) }
        return .bool
    }

    /// The subset's function named `name`, called with `operands` values (the receiver included).
    private static func resolve(_ name: String, receiver: Bool, operands: Int, at position: CELPosition)
        throws(CELCompileError) -> CELFunction
    {
        guard let function = CELFunction(rawValue: name) else { throw .unsupported("function '\(name)'", at: position) }
        guard receiver || function.allowsGlobalCall else {
            throw CELCompileError("function '\(name)' must be called on a string: value.\(name)(...)", at: position)
        }
        let expected = function.operandCount - (receiver ? 1 : 0)
        let given = operands - (receiver ? 1 : 0)
        guard given == expected else {
            let style = receiver ? "value.\(name)(...)" : "\(name)(...)"
            throw CELCompileError(
                "\(style) takes \(expected) argument\(expected == 1 ? "" : "s"), got \(given)", at: position)
        }
        return function
    }

    private static func call(
        _ function: CELFunction, _ types: [CELType], receiver: Bool, arguments: [CELNode], at position: CELPosition
    ) throws(CELCompileError) -> CELType {
        let result: CELType
        let fits: Bool
        switch function {
        case .size:
            result = .int
            switch types[0] {
            case .dyn, .string, .list, .map: fits = true
            default: fits = false
            }
        case .startsWith, .endsWith, .contains, .matches:
            result = .bool
            fits = types.allSatisfy { $0.isAssignable(to: .string) }
        }
        guard fits else {
            let name = function.rawValue
            if receiver {
                let list = types.dropFirst().map(\.description).joined(separator: ", ")
                throw CELCompileError(
                    "found no matching overload for '\(name)' applied to '\(types[0]).(\(list))'", at: position)
            }
            throw noOverload(name, types, at: position)
        }
        if function == .matches, let last = arguments.last, case .literal(let value) = last.expression,
            case .string(let pattern) = value
        {
            do throws(CELEvaluationError) {
                _ = try CELRegex.compile(pattern)
            } catch {
                throw CELCompileError(error.message, at: last.position)
            }
        }
        return result
    }

    private static func noOverload(_ name: String, _ types: [CELType], at position: CELPosition) -> CELCompileError {
        let list = types.map(\.description).joined(separator: ", ")
        return CELCompileError("found no matching overload for '\(name)' applied to '(\(list))'", at: position)
    }
}
