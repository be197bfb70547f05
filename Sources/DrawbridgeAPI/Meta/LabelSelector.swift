/// A `metav1.LabelSelector`: `matchLabels` and `matchExpressions`, ANDed together.
public struct LabelSelector: Codable, Hashable, Sendable {
    /// One `matchExpressions` requirement.
    public struct Requirement: Codable, Hashable, Sendable {
        /// The set-based operators Kubernetes accepts in a LabelSelector.
        public enum Operator: String, Codable, Hashable, Sendable, CaseIterable {
            case `in` = "In"
            case notIn = "NotIn"
            case exists = "Exists"
            case doesNotExist = "DoesNotExist"
        }

        public var key: String
        public var `operator`: Operator
        public var values: [String]?

        public init(key: String, operator: Operator, values: [String]? = nil) {
            self.key = key
            self.operator = `operator`
            self.values = values
        }
    }

    public var matchLabels: [String: String]?
    public var matchExpressions: [Requirement]?

    public init(matchLabels: [String: String]? = nil, matchExpressions: [Requirement]? = nil) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }

    /// Kubernetes semantics: an empty selector matches everything; `NotIn` and `DoesNotExist` hold
    /// when the key is absent.
    public func matches(_ labels: [String: String]) -> Bool {
        for (key, value) in matchLabels ?? [:] where labels[key] != value {
            return false
        }
        for requirement in matchExpressions ?? [] {
            let value = labels[requirement.key]
            let values = requirement.values ?? []
            switch requirement.operator {
            case .in:
                guard let value, values.contains(value) else { return false }
            case .notIn:
                if let value, values.contains(value) { return false }
            case .exists:
                if value == nil { return false }
            case .doesNotExist:
                if value != nil { return false }
            }
        }
        return true
    }
}
