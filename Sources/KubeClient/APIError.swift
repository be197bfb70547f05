import DrawbridgeAPI
import Foundation

/// A failed API call, carrying the server's Status so callers can branch on `code`/`reason`, plus
/// what was being attempted ("patching accessrequests demo/x") for logs and messages.
public struct APIError: Error, Sendable, CustomStringConvertible {
    /// The HTTP status code (0 when no answer arrived).
    public var code: Int
    public var status: APIStatus
    /// `Retry-After` in seconds, from the header or the Status details (429 and some 5xx).
    public var retryAfterSeconds: Int?
    /// The operation that failed, e.g. `GET /api/v1/namespaces`.
    public var operation: String

    public init(code: Int, status: APIStatus, retryAfterSeconds: Int? = nil, operation: String) {
        self.code = code
        self.status = status
        self.retryAfterSeconds = retryAfterSeconds ?? status.details?.retryAfterSeconds
        self.operation = operation
    }

    /// Builds the error for a non-2xx answer, decoding its Status when the body is one.
    init(response: KubeResponse, operation: String) {
        let decoded = try? JSONDecoder().decode(APIStatus.self, from: Data(response.body))
        let fallback = APIStatus(
            code: response.status, reason: nil,
            message: String(decoding: response.body.prefix(512), as: UTF8.self))
        self.init(
            code: response.status, status: decoded ?? fallback,
            retryAfterSeconds: response.header("Retry-After").flatMap { Int($0) }, operation: operation)
    }

    public var reason: String { status.reason ?? "" }
    public var message: String { status.message ?? "" }
    public var isNotFound: Bool { code == 404 }
    public var isConflict: Bool { code == 409 && reason != "AlreadyExists" }
    public var isAlreadyExists: Bool { code == 409 && reason == "AlreadyExists" }
    /// 410 Gone: a watch or list resourceVersion is too old; relist.
    public var isGone: Bool { code == 410 || reason == "Expired" }
    /// Worth retrying with backoff: throttling, server errors, timeouts.
    public var isTransient: Bool { code == 429 || code >= 500 || code == 0 }

    public var description: String {
        let text = message.isEmpty ? reason : message
        return "\(operation): \(code) \(text)"
    }
}

/// The answer could not be read as the expected type.
public struct DecodingFailure: Error, Sendable, CustomStringConvertible {
    public var operation: String
    public var detail: String
    public var description: String { "\(operation): could not decode the answer: \(detail)" }
}
