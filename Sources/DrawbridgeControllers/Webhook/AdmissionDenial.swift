/// Why the webhook refuses a request: the HTTP code, CamelCase reason and one-line message the user
/// sees as `admission webhook "..." denied the request: <message>`.
///
/// An `Error` so that each admission rule can simply `throw` its refusal, and policy checks added
/// later can return one.
public struct AdmissionDenial: Error, Hashable, Sendable, CustomStringConvertible {
    /// HTTP status code for the caller.
    public var code: Int
    /// CamelCase reason, e.g. `Forbidden`.
    public var reason: String
    /// One line saying what is wrong and, where useful, what to do instead.
    public var message: String

    /// A denial with an explicit code and reason.
    public init(code: Int, reason: String, message: String) {
        self.code = code
        self.reason = reason
        self.message = message
    }

    /// 403: the caller may not make this change (someone else's fields, someone else's identity).
    public static func forbidden(_ message: String) -> AdmissionDenial {
        AdmissionDenial(code: 403, reason: "Forbidden", message: message)
    }

    /// 400: the request or the review itself is malformed.
    public static func badRequest(_ message: String) -> AdmissionDenial {
        AdmissionDenial(code: 400, reason: "BadRequest", message: message)
    }

    /// 500: the webhook failed; the request is refused because `failurePolicy` is Fail in spirit.
    public static func internalError(_ message: String) -> AdmissionDenial {
        AdmissionDenial(code: 500, reason: "InternalError", message: message)
    }

    /// 503: the webhook cannot decide yet (its caches are still loading); retrying will work.
    public static func unavailable(_ message: String) -> AdmissionDenial {
        AdmissionDenial(code: 503, reason: "ServiceUnavailable", message: message)
    }

    public var description: String { "\(code) \(reason): \(message)" }
}
