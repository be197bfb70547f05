/// One validation failure in the shape of a Kubernetes `StatusCause`, so the API server emulator can
/// return it verbatim in a 422 and kubectl prints what a real cluster would print.
public struct FieldError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The `StatusCause.reason` values field validation produces.
    public enum Reason: String, Hashable, Sendable, CaseIterable {
        /// A required member is missing.
        case required = "FieldValueRequired"
        /// The value breaks a constraint (pattern, length, range, CEL rule, ...).
        case invalid = "FieldValueInvalid"
        /// The value is not one of the enum's values.
        case notSupported = "FieldValueNotSupported"
        /// The value has the wrong JSON type or format.
        case typeInvalid = "FieldValueTypeInvalid"
        /// A string longer than `maxLength`.
        case tooLong = "FieldValueTooLong"
        /// A list longer than `maxItems`.
        case tooMany = "FieldValueTooMany"
        /// A duplicate entry in a `set` or `map` list.
        case duplicate = "FieldValueDuplicate"
        /// A change that is not allowed at all.
        case forbidden = "FieldValueForbidden"
    }

    /// Path of the offending member: `spec.role.kind`, `spec.items[2].name`.
    public var field: String
    public var reason: Reason
    /// The kube-apiserver wording, e.g. `Required value` or `Unsupported value: "Bogus": supported values: ...`.
    public var message: String

    public init(field: String, reason: Reason, message: String) {
        self.field = field
        self.reason = reason
        self.message = message
    }

    /// `spec.role: Required value`, as a 422's message lists each cause.
    public var description: String { field.isEmpty ? message : "\(field): \(message)" }
}

extension FieldError {
    /// `Required value`.
    static func required(_ field: String) -> FieldError {
        FieldError(field: field, reason: .required, message: "Required value")
    }

    /// `Invalid value: <value>: <detail>` with the given reason (`FieldValueInvalid` by default).
    static func invalid(_ field: String, _ value: JSONValue, _ detail: String, reason: Reason = .invalid) -> FieldError
    {
        FieldError(field: field, reason: reason, message: "Invalid value: \(GoFormat.value(value)): \(detail)")
    }

    /// `Invalid value: "<actual type>": <field> in body must be of type <expected>: "<actual type>"`.
    static func typeInvalid(_ field: String, expected: String, actual: String) -> FieldError {
        let detail = "\(GoFormat.bodyPath(field)) in body must be of type \(expected): \(GoFormat.quoted(actual))"
        return invalid(field, .string(actual), detail, reason: .typeInvalid)
    }

    /// `Unsupported value: "Bogus": supported values: "Pending", "Approved"`.
    static func notSupported(_ field: String, _ value: JSONValue, supported: [JSONValue]) -> FieldError {
        let list = supported.map { GoFormat.quoted($0.stringValue ?? GoFormat.json($0)) }.joined(separator: ", ")
        return FieldError(
            field: field, reason: .notSupported,
            message: "Unsupported value: \(GoFormat.value(value)): supported values: \(list)")
    }
}
