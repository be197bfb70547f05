/// Validates, prunes and defaults JSON against a CRD's structural schema the way kube-apiserver does
/// for custom resources, with the same field paths, cause reasons and messages.
///
/// Pure and general: the API server emulator runs every custom resource of every CRD through it.
/// CEL rules are not evaluated here; see `CELRules`.
public enum SchemaValidator {
    /// Every violation of `schema` in `value`, in document order (members sorted by name).
    ///
    /// - Parameter path: where `value` sits in its object, when validating a subtree (`status`).
    public static func validate(_ value: JSONValue, against schema: JSONSchemaProps, at path: String = "")
        -> [FieldError]
    {
        var walker = SchemaWalker()
        walker.visit(value, schema, path)
        return walker.errors
    }

    /// Appends `.name` to a field path (or starts one).
    static func child(_ path: String, _ name: String) -> String {
        path.isEmpty ? name : "\(path).\(name)"
    }

    /// The JSON type name kube-openapi reports for a value (`integer` for whole numbers).
    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The numeric value, if `value` is a number.
    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let number): Double(number)
        case .double(let number): number
        default: nil
        }
    }

    /// Compares enum members as JSON, with `1` and `1.0` equal (Go decodes both to the same float64).
    static func sameJSON(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        if let left = number(lhs), let right = number(rhs) { return left == right }
        return lhs == rhs
    }
}
