/// A parsed `labelSelector=` query parameter.
///
/// Exists because list, watch and deletecollection must filter objects exactly as the real server does,
/// including the absent-key rules kubectl users rely on (`k!=v` and `k notin (…)` match objects without `k`).
/// Parsing follows `k8s.io/apimachinery/pkg/labels` (same grammar, same error wording).
public struct LabelSelectorQuery: Hashable, Sendable {
    /// The operators the selector grammar knows.
    public enum Operator: String, Hashable, Sendable {
        /// `k=v`: the label exists and equals the value.
        case equals = "="
        /// `k==v`: same as `=`.
        case doubleEquals = "=="
        /// `k!=v`: the label is absent or differs.
        case notEquals = "!="
        /// `k in (a,b)`: the label exists and is one of the values.
        case `in`
        /// `k notin (a,b)`: the label is absent or is none of the values.
        case notIn = "notin"
        /// `k`: the label exists.
        case exists
        /// `!k`: the label does not exist.
        case doesNotExist = "!"
        /// `k>5`: the label exists and is an integer greater than the value.
        case greaterThan = "gt"
        /// `k<5`: the label exists and is an integer less than the value.
        case lessThan = "lt"
    }

    /// One comma-separated term; a selector matches when every requirement does.
    public struct Requirement: Hashable, Sendable {
        /// The label key, possibly with a DNS prefix (`drawbridge.dev/request`).
        public var key: String
        /// How the label is compared.
        public var op: Operator
        /// The values compared against (sorted, no duplicates); empty for `exists`/`doesNotExist`.
        public var values: [String]

        /// Creates a requirement without validation (the parser validates).
        public init(key: String, op: Operator, values: [String] = []) {
            self.key = key
            self.op = op
            self.values = values
        }

        /// True when `labels` satisfy this requirement.
        public func matches(_ labels: [String: String]) -> Bool {
            let value = labels[key]
            switch op {
            case .equals, .doubleEquals, .in:
                guard let value else { return false }
                return values.contains(value)
            case .notEquals, .notIn:
                guard let value else { return true }
                return !values.contains(value)
            case .exists:
                return value != nil
            case .doesNotExist:
                return value == nil
            case .greaterThan, .lessThan:
                guard let value, let actual = Int64(value), let bound = values.first.flatMap({ Int64($0) }) else {
                    return false
                }
                return op == .greaterThan ? actual > bound : actual < bound
            }
        }
    }

    /// The requirements, sorted by key as the real server sorts them; empty selects everything.
    public var requirements: [Requirement]

    /// A selector that matches every object (what an absent or empty `labelSelector` means).
    public static let everything = LabelSelectorQuery(requirements: [])

    /// Wraps already-validated requirements.
    public init(requirements: [Requirement]) {
        self.requirements = requirements
    }

    /// Parses the URL-decoded value of `labelSelector=`.
    ///
    /// - Throws: `SelectorError` (`.malformed`) with the real server's message, e.g.
    ///   `unable to parse requirement: found 'IN', expected: in, notin, =, ==, !=, gt, lt`.
    public init(parsing text: String) throws(SelectorError) {
        var parser = LabelSelectorParser(text)
        let parsed = try parser.parse()
        self.requirements = parsed.enumerated()
            .sorted { ($0.element.key, $0.offset) < ($1.element.key, $1.offset) }
            .map(\.element)
    }

    /// True when this selects everything.
    public var isEmpty: Bool { requirements.isEmpty }

    /// True when the object's labels satisfy every requirement.
    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { $0.matches(labels) }
    }
}
