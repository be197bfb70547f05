/// Why a JSON patch (RFC 6902) could not be applied.
///
/// Exists because the server answers differently by cause: a patch it cannot decode is 400 BadRequest,
/// while a well-formed patch that does not apply to the object (a failed `test`, a missing path, an index
/// out of bounds) is 422, with the text below carried in the Status's cause.
public struct JSONPatchError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The class of failure, which decides the HTTP status.
    public enum Code: Hashable, Sendable {
        /// The body is not a list of valid operations (unknown `op`, missing `path`/`value`/`from`, bad pointer).
        case malformed
        /// A `test` operation found a different value.
        case testFailed
        /// The operation names a member or index that does not exist or cannot be used.
        case notApplicable
    }

    /// Which kind of failure this is.
    public var code: Code
    /// The human-readable reason, e.g. `testing value /spec/x failed`.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message text.
    public var description: String { message }

    /// 400 for a malformed patch, 422 when a valid patch does not apply.
    public var httpStatus: Int { code == .malformed ? 400 : 422 }
}
