import DrawbridgeAPI

/// A parsed CEL expression of the subset the emulator evaluates for webhook `matchConditions`.
/// Macros (`has`, `exists`, `all`, `exists_one`) are recognised by the parser, as in cel-go, so the
/// checker and evaluator never see them as calls.
indirect enum CELExpression: Hashable, Sendable {
    /// `null`, `true`, `42`, `'text'`.
    case literal(JSONValue)
    /// A variable: `object`, `request`, or a comprehension's iteration variable.
    case identifier(String)
    /// `[a, b]`.
    case list([CELNode])
    /// `operand.field`.
    case select(CELNode, field: String)
    /// `operand[index]`: a list position or a map key.
    case index(CELNode, CELNode)
    /// `has(operand.field)`: whether the field is present, without failing when it is not.
    case has(CELNode, field: String)
    /// `!operand`.
    case not(CELNode)
    /// `left op right` for the operators in `CELBinaryOperator`.
    case binary(CELBinaryOperator, CELNode, CELNode)
    /// `condition ? then : else`.
    case conditional(CELNode, CELNode, CELNode)
    /// A function call by name: `size(x)`, `x.size()`, `x.startsWith(y)`, `x.matches(re)`. The
    /// checker resolves the name to a `CELFunction` (or refuses it) after checking the target, so
    /// `authorizer.group('')` is reported as the unsupported `authorizer`, not as an unknown `group`.
    case call(String, target: CELNode?, arguments: [CELNode])
    /// `range.exists(variable, predicate)` and its siblings.
    case comprehension(CELMacro, range: CELNode, variable: String, predicate: CELNode)
}

/// An expression with the position of the token that names it (the operator, the `.` of a
/// selection, the first token of a literal), for compile errors.
struct CELNode: Hashable, Sendable {
    let expression: CELExpression
    let position: CELPosition
    /// Levels of nesting below and including this node; the parser bounds it so that checking and
    /// evaluating, which recurse, cannot exhaust a thread's stack.
    let height: Int

    init(_ expression: CELExpression, at position: CELPosition) {
        self.expression = expression
        self.position = position
        self.height = 1 + (expression.children.map(\.height).max() ?? 0)
    }
}

extension CELExpression {
    /// The nodes directly inside this one.
    var children: [CELNode] {
        switch self {
        case .literal, .identifier: []
        case .list(let items): items
        case .select(let operand, _), .has(let operand, _), .not(let operand): [operand]
        case .index(let first, let second), .binary(_, let first, let second): [first, second]
        case .conditional(let condition, let then, let otherwise): [condition, then, otherwise]
        case .call(_, let target, let arguments): (target.map { [$0] } ?? []) + arguments
        case .comprehension(_, let range, _, let predicate): [range, predicate]
        }
    }
}

/// The binary operators of the subset; arithmetic is not among them.
enum CELBinaryOperator: String, Hashable, Sendable {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case and = "&&", or = "||", `in` = "in"

    /// cel-go's overload name, used in type errors: `_==_`, `_&&_`, `@in`.
    var overloadName: String { self == .in ? "@in" : "_\(rawValue)_" }

    /// True for `<`, `<=`, `>`, `>=`.
    var isOrdering: Bool { [.less, .lessOrEqual, .greater, .greaterOrEqual].contains(self) }
}

/// The functions of the subset.
enum CELFunction: String, Hashable, Sendable, CaseIterable {
    case size, startsWith, endsWith, contains, matches

    /// True when `name(x)` is allowed as well as `x.name()`; the string functions are receiver-only.
    var allowsGlobalCall: Bool { self == .size || self == .matches }

    /// How many arguments a call takes, the receiver of `x.f(...)` included.
    var operandCount: Int { self == .size ? 1 : 2 }
}

/// The list macros of the subset.
enum CELMacro: String, Hashable, Sendable, CaseIterable {
    case exists, all
    case existsOne = "exists_one"
}
