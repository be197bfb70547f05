/// A `metav1.Status` as the API server sends it with every error.
public struct APIStatus: Codable, Hashable, Sendable {
    /// `details` of a Status: which object, field-level causes, when to retry.
    public struct Details: Codable, Hashable, Sendable {
        public var name: String?
        public var group: String?
        public var kind: String?
        public var causes: [Cause]?
        public var retryAfterSeconds: Int?
    }

    /// One field-level problem.
    public struct Cause: Codable, Hashable, Sendable {
        public var reason: String?
        public var message: String?
        public var field: String?
    }

    public var status: String?
    public var message: String?
    /// CamelCase machine reason: `NotFound`, `AlreadyExists`, `Conflict`, `Expired`, `Forbidden`, ...
    public var reason: String?
    public var details: Details?
    public var code: Int?

    public init(code: Int, reason: String? = nil, message: String? = nil) {
        self.status = "Failure"
        self.code = code
        self.reason = reason
        self.message = message
    }
}
