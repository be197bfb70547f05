/// A `labelSelector=` or `fieldSelector=` query the server cannot use.
///
/// Exists so the request pipeline can answer 400 BadRequest with the same `metav1.Status` message a
/// real kube-apiserver would put there (kubectl prints it after `Error from server (BadRequest): …`).
public struct SelectorError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why the selector was rejected; every code maps to 400 BadRequest.
    public enum Code: Hashable, Sendable {
        /// The text does not follow the selector grammar (or a key or value is not a valid label).
        case malformed
        /// A field selector names a field the resource does not index.
        case unknownField
    }

    /// Which kind of problem this is.
    public var code: Code
    /// The exact text for the Status message.
    public var message: String

    /// Creates an error with the exact message a real server would send.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The Status message text.
    public var description: String { message }

    /// The HTTP status the server answers with (always 400 for selectors).
    public var httpStatus: Int { 400 }
}
