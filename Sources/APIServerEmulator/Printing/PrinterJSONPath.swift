import DrawbridgeAPI

/// The JSONPath subset CRD `additionalPrinterColumns` use: `.spec.role.name`, `.metadata.labels.foo`,
/// `['key.with.dots']`, `.items[0].x`, `[*]`, `.status.conditions[?(@.type=="Ready")].status`.
///
/// Exists because the emulator renders Table cells on the server the way client-go's `jsonpath`
/// package does for the CRD handler, without linking Go: missing members yield no result (the cell
/// becomes `null`) instead of an error.
public struct PrinterJSONPath: Hashable, Sendable {
    /// The expression as written in the column definition.
    public let expression: String
    let steps: [Step]

    /// Why an expression could not be parsed.
    public struct ParseError: Error, Hashable, Sendable {
        public var expression: String
        public var message: String
    }

    /// Parses `expression`; braces (`{.a}`) and a leading `$` are accepted and ignored.
    public init(_ expression: String) throws(ParseError) {
        self.expression = expression
        var parser = PrinterJSONPathParser(expression: expression)
        do {
            self.steps = try parser.parse()
        } catch {
            throw ParseError(expression: expression, message: error.message)
        }
    }

    /// Every value the path selects, in document order (object wildcards in key order).
    public func evaluate(_ root: JSONValue) -> [JSONValue] {
        var current = [root]
        for step in steps {
            current = current.flatMap { step.apply(to: $0) }
            if current.isEmpty { break }
        }
        return current
    }

    /// The first selected value, which is what a printer column shows; nil when nothing matches.
    public func first(in root: JSONValue) -> JSONValue? {
        evaluate(root).first
    }

    /// Convenience for one-off lookups: nil when the expression does not parse or selects nothing.
    public static func first(_ expression: String, in root: JSONValue) -> JSONValue? {
        (try? PrinterJSONPath(expression))?.first(in: root)
    }
}

extension PrinterJSONPath {
    /// One step of a parsed path.
    indirect enum Step: Hashable, Sendable {
        case field(String)
        case index(Int)
        case wildcard
        case filter(path: [Step], comparison: Comparison?)

        func apply(to value: JSONValue) -> [JSONValue] {
            switch self {
            case .field(let name):
                return value[name].map { [$0] } ?? []
            case .index(let position):
                guard let items = value.arrayValue else { return [] }
                let resolved = position < 0 ? items.count + position : position
                return items.indices.contains(resolved) ? [items[resolved]] : []
            case .wildcard:
                return Self.children(of: value)
            case .filter(let path, let comparison):
                return Self.children(of: value).filter { element in
                    var current = [element]
                    for step in path { current = current.flatMap { step.apply(to: $0) } }
                    guard let selected = current.first else { return false }
                    guard let comparison else { return selected != .null && selected != .bool(false) }
                    return comparison.holds(for: selected)
                }
            }
        }

        static func children(of value: JSONValue) -> [JSONValue] {
            if let items = value.arrayValue { return items }
            if let fields = value.objectValue { return fields.keys.sorted().compactMap { fields[$0] } }
            return []
        }
    }

    /// `== literal` or `!= literal` inside a filter.
    struct Comparison: Hashable, Sendable {
        var equal: Bool
        var literal: JSONValue

        func holds(for value: JSONValue) -> Bool {
            Self.same(value, literal) == equal
        }

        static func same(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
            switch (lhs, rhs) {
            case (.int(let a), .double(let b)), (.double(let b), .int(let a)): return Double(a) == b
            default: return lhs == rhs
            }
        }
    }
}
