/// Where in an expression something was found: 1-based line and column, counted in characters, as
/// cel-go reports them (`<input>:1:5`).
struct CELPosition: Hashable, Sendable {
    var line: Int
    var column: Int
}

/// Why an expression cannot be compiled (parsed and checked): a syntax error, an undeclared name, a
/// type mismatch, a result that is not `bool`, or something the emulator's CEL subset does not
/// implement. Raised when a webhook configuration is written, so a bad expression is refused with 422
/// instead of failing requests later.
struct CELCompileError: Error, Hashable, Sendable, CustomStringConvertible {
    var message: String
    /// Where the problem is; nil for the result-type check, which concerns the whole expression.
    var position: CELPosition?

    init(_ message: String, at position: CELPosition?) {
        self.message = message
        self.position = position
    }

    /// cel-go's issue format without its source excerpt, so the message stays on one line
    /// (`ERROR: <input>:1:5: undeclared reference to 'foo' (in container '')`); the bare message
    /// for the result-type check.
    var description: String {
        guard let position else { return message }
        return "ERROR: <input>:\(position.line):\(position.column): \(message)"
    }

    /// What kube-apiserver puts after `Invalid value: "<expression>": `: issues are prefixed
    /// `compilation failed: `, the result-type check is not.
    var detail: String { position == nil ? message : "compilation failed: \(description)" }

    /// A feature of CEL (or of Kubernetes' CEL libraries) the emulator does not implement.
    static func unsupported(_ what: String, at position: CELPosition) -> CELCompileError {
        CELCompileError("\(what) is not supported by the Drawbridge emulator", at: position)
    }
}
