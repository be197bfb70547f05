/// The answer of `RBACEvaluator.authorize`: allowed or not, and a reason a person can act on.
///
/// RBAC never denies explicitly; `allowed == false` means "no rule grants this", which the API
/// server turns into a 403 and a SubjectAccessReview into `allowed: false`.
public struct RBACDecision: Hashable, Sendable {
    /// Whether some rule bound to the user allows the request.
    public var allowed: Bool
    /// Which binding allowed the request, or why nothing did; shown in SubjectAccessReview status.
    public var reason: String

    /// Creates a decision.
    public init(allowed: Bool, reason: String) {
        self.allowed = allowed
        self.reason = reason
    }

    /// The reason given when no binding grants the request.
    public static let noPolicyMatchedReason = "no RBAC policy matched"
}
