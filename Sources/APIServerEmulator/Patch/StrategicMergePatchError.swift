/// Why a strategic merge patch could not be applied.
///
/// Exists so the request pipeline can tell an unsupported kind (415, with kubectl's expected wording)
/// from a patch body that is wrong (400).
public struct StrategicMergePatchError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The class of failure, which decides the HTTP status.
    public enum Code: Hashable, Sendable {
        /// The kind has no strategic merge patch support (custom resources).
        case unsupportedKind
        /// The patch or one of its directives is invalid.
        case malformed
    }

    /// Which kind of failure this is.
    public var code: Code
    /// The message text.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message text.
    public var description: String { message }

    /// 415 for an unsupported kind, 400 for a bad patch.
    public var httpStatus: Int { code == .unsupportedKind ? 415 : 400 }

    /// The 415 error the real server sends when a custom resource receives a strategic merge patch, which
    /// kubectl prints verbatim after `error: `.
    public static func unsupportedMediaType(apiVersion: String, kind: String) -> StrategicMergePatchError {
        StrategicMergePatchError(
            .unsupportedKind,
            "application/strategic-merge-patch+json is not supported by \(apiVersion), Kind=\(kind): the body of the "
                + "request was in an unknown format - accepted media types include: application/json-patch+json, "
                + "application/merge-patch+json, application/apply-patch+yaml")
    }
}
