import DrawbridgeAPI

/// A failure while evaluating a compiled expression: a missing map key (`no such key: team`), an
/// index out of range, or an operator applied to values of the wrong types. Match conditions turn
/// it into the webhook's failurePolicy.
struct CELEvaluationError: Error, Hashable, Sendable, CustomStringConvertible {
    var message: String

    init(_ message: String) { self.message = message }

    var description: String { message }

    /// Selecting a field that is not there, as cel-go words it.
    static func noSuchKey(_ key: String) -> CELEvaluationError { CELEvaluationError("no such key: \(key)") }

    /// An operator or function given values it has no overload for: `no such overload: _<_(string, int)`.
    static func noSuchOverload(_ function: String, _ arguments: [JSONValue]) -> CELEvaluationError {
        let types = arguments.map(CELType.of).map(\.description).joined(separator: ", ")
        return CELEvaluationError("no such overload: \(function)(\(types))")
    }
}
