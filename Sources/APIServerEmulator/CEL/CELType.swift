import DrawbridgeAPI

/// The static types the checker reasons with. `dyn` is what `object` and `oldObject` are (any JSON);
/// `request` is a declared object type, so a misspelt field is caught when the configuration is
/// written, as kube-apiserver catches it.
indirect enum CELType: Hashable, Sendable, CustomStringConvertible {
    case dyn, null, bool, int, double, string
    case list(CELType)
    case map(CELType, CELType)
    /// A declared object type (`kubernetes.AdmissionRequest`) with its fields.
    case object(name: String, fields: [String: CELType])

    /// cel-go's spelling: `bool`, `list(string)`, `map(string, dyn)`, `null_type`.
    var description: String {
        switch self {
        case .dyn: "dyn"
        case .null: "null_type"
        case .bool: "bool"
        case .int: "int"
        case .double: "double"
        case .string: "string"
        case .list(let element): "list(\(element))"
        case .map(let key, let value): "map(\(key), \(value))"
        case .object(let name, _): name
        }
    }

    /// The runtime type of a value, for runtime error messages.
    static func of(_ value: JSONValue) -> CELType {
        switch value {
        case .null: .null
        case .bool: .bool
        case .int: .int
        case .double: .double
        case .string: .string
        case .array: .list(.dyn)
        case .object: .map(.string, .dyn)
        }
    }

    var isDyn: Bool { self == .dyn }

    /// True when a value of this type may be used where `other` is expected: equal types, or either
    /// side `dyn`. Lists and maps compare element-wise.
    func isAssignable(to other: CELType) -> Bool {
        switch (self, other) {
        case (.dyn, _), (_, .dyn): true
        case (.list(let a), .list(let b)): a.isAssignable(to: b)
        case (.map(let ak, let av), .map(let bk, let bv)): ak.isAssignable(to: bk) && av.isAssignable(to: bv)
        case (.object(let a, _), .object(let b, _)): a == b
        default: self == other
        }
    }

    /// The common type of two branches or list elements: the same type, or `dyn` when one side is.
    func joined(with other: CELType) -> CELType? {
        if isDyn || other.isDyn { return .dyn }
        return isAssignable(to: other) ? self : nil
    }
}
