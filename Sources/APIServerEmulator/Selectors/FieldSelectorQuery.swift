/// A parsed `fieldSelector=` query parameter.
///
/// Exists because kubectl relies on field selectors for correctness, not just convenience: `kubectl wait`,
/// `delete` and `get NAME -w` watch with `metadata.name=…`, and `kubectl describe` finds an object's events
/// with `involvedObject.*`. Parsing follows `k8s.io/apimachinery/pkg/fields` (same escapes, same errors).
public struct FieldSelectorQuery: Hashable, Sendable {
    /// One `field op value` term; a selector matches when every term does.
    public struct Term: Hashable, Sendable {
        /// The field path, e.g. `involvedObject.uid`.
        public var field: String
        /// True for `!=`, false for `=` and `==`.
        public var negated: Bool
        /// The unescaped value.
        public var value: String

        /// Creates a term.
        public init(field: String, negated: Bool = false, value: String) {
            self.field = field
            self.negated = negated
            self.value = value
        }

        /// True when `fields` satisfy the term; a missing field compares as the empty string, as upstream.
        public func matches(_ fields: [String: String]) -> Bool {
            (fields[field, default: ""] == value) != negated
        }
    }

    /// The terms, sorted as the real server sorts them; empty selects everything.
    public var terms: [Term]

    /// A selector that matches every object.
    public static let everything = FieldSelectorQuery(terms: [])

    /// Wraps already-parsed terms.
    public init(terms: [Term]) {
        self.terms = terms
    }

    /// Parses the URL-decoded value of `fieldSelector=`.
    ///
    /// Commas separate terms; `\,`, `\=` and `\\` escape inside values.
    /// - Throws: `SelectorError` (`.malformed`), e.g. `invalid selector: 'x'; can't understand 'x'`.
    public init(parsing text: String) throws(SelectorError) {
        var terms: [Term] = []
        for part in Self.splitTerms(text).sorted() where !part.isEmpty {
            guard let (field, op, rawValue) = Self.splitTerm(part) else {
                throw SelectorError(.malformed, "invalid selector: '\(text)'; can't understand '\(part)'")
            }
            terms.append(Term(field: field, negated: op == "!=", value: try Self.unescape(rawValue)))
        }
        self.terms = terms
    }

    /// True when this selects everything.
    public var isEmpty: Bool { terms.isEmpty }

    /// True when the object's selectable fields (see `fields(of:type:)`) satisfy every term.
    public func matches(_ fields: [String: String]) -> Bool {
        terms.allSatisfy { $0.matches(fields) }
    }

    /// The value an `=`/`==` term requires for `field`, e.g. the name in `metadata.name=x` (lets a store
    /// answer a watch on one object without scanning).
    public func requiredValue(of field: String) -> String? {
        terms.first { $0.field == field && !$0.negated }?.value
    }

    /// Rejects terms on fields the resource does not support.
    ///
    /// - Parameters:
    ///   - allowed: the selectable fields, usually `allowedFields(for:)`.
    ///   - resourceDescription: what is being listed (e.g. `accessrequests.drawbridge.dev`); kept on the caller's
    ///     side of the message because kubectl adds its own `Unable to find … that match …` prefix.
    /// - Throws: `SelectorError` (`.unknownField`) with the message
    ///   `"spec.role" is not a known field selector: only "metadata.name", "metadata.namespace"`.
    public func validate(allowed: Set<String>, resourceDescription: String) throws(SelectorError) {
        guard let unknown = terms.first(where: { !allowed.contains($0.field) }) else { return }
        throw SelectorError(
            .unknownField,
            "\"\(unknown.field)\" is not a known field selector: only "
                + Self.orderedForMessage(allowed).map { "\"\($0)\"" }.joined(separator: ", "))
    }

    /// `metadata.name` and `metadata.namespace` first (as upstream lists them), the rest alphabetically.
    static func orderedForMessage(_ fields: Set<String>) -> [String] {
        let leading = ["metadata.name", "metadata.namespace"].filter(fields.contains)
        return leading + fields.subtracting(leading).sorted()
    }

    /// Splits on commas that are not escaped, keeping escapes for `unescape`.
    static func splitTerms(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var parts: [String] = []
        var current = ""
        var escaping = false
        for character in text {
            if escaping {
                current.append(character)
                escaping = false
            } else if character == "\\" {
                current.append(character)
                escaping = true
            } else if character == "," {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        return parts
    }

    /// Splits a term at the first operator, trying `!=`, then `==`, then `=` at each position.
    static func splitTerm(_ term: String) -> (String, String, String)? {
        var index = term.startIndex
        while index < term.endIndex {
            let remaining = term[index...]
            for op in ["!=", "==", "="] where remaining.hasPrefix(op) {
                return (String(term[..<index]), op, String(remaining.dropFirst(op.count)))
            }
            index = term.index(after: index)
        }
        return nil
    }

    /// Resolves `\\`, `\,` and `\=`; any other escape or a bare `,`/`=` is an error.
    static func unescape(_ value: String) throws(SelectorError) -> String {
        var result = ""
        var escaping = false
        for character in value {
            if escaping {
                guard character == "\\" || character == "," || character == "=" else {
                    throw SelectorError(.malformed, "invalid field selector: invalid escape sequence: \\\(character)")
                }
                result.append(character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else if character == "," || character == "=" {
                throw SelectorError(.malformed, "invalid field selector: unescaped character in value: \(character)")
            } else {
                result.append(character)
            }
        }
        if escaping { throw SelectorError(.malformed, "invalid field selector: invalid escape sequence: \\") }
        return result
    }
}
