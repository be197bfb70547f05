/// Why a request gets no access: a CamelCase reason (for conditions and events) and one exact sentence.
public struct Rejection: Error, Hashable, Sendable, CustomStringConvertible {
    /// The closed set of reasons Drawbridge refuses a request for.
    public enum Reason: String, Hashable, Sendable, CaseIterable {
        /// `spec.role.kind` is neither Role nor ClusterRole.
        case unsupportedRoleKind = "UnsupportedRoleKind"
        /// `spec.role.name` is empty.
        case roleNameRequired = "RoleNameRequired"
        /// `spec.reason` is missing or blank.
        case reasonRequired = "ReasonRequired"
        /// `spec.duration` is not a valid Go duration, or not positive.
        case invalidDuration = "InvalidDuration"
        /// `spec.requester` is missing: the request did not pass through the admission webhook.
        case requesterUnknown = "RequesterUnknown"
        /// `spec.requester` (or the spec it was stamped on) carries no valid webhook signature.
        case requesterUnverified = "RequesterUnverified"
        /// A granted request whose verified approvals no longer reach what its policy requires
        /// (its phase was written by someone else, or the policy now requires more).
        case approvalsMissing = "ApprovalsMissing"
        /// A granted request without `status.grantedAt` or `status.expiresAt`: its limits cannot be
        /// checked, so it cannot stand (those fields were removed behind the webhook's back).
        case grantUnbounded = "GrantUnbounded"
        /// An AccessPolicy that covers the request is invalid, so no policy may govern it (a broken
        /// guardrail must not hand its requests to a laxer policy).
        case policyInvalid = "PolicyInvalid"
        /// No valid AccessPolicy matches requester, namespace and role.
        case noMatchingPolicy = "NoMatchingPolicy"
        /// The requested duration exceeds the governing policy's `maxDuration`.
        case durationExceedsMaximum = "DurationExceedsMaximum"
        /// The reason does not match the governing policy's `reasonPattern`.
        case reasonMismatch = "ReasonMismatch"
        /// The role's rules cover one of the policy's `forbiddenRules`.
        case forbiddenRole = "ForbiddenRole"
        /// The role could not be read, so its rules cannot be checked against `forbiddenRules`.
        case roleRulesUnknown = "RoleRulesUnknown"
        /// The requester broke glass too recently: the policy's `breakGlass.cooldown` has not passed.
        case breakGlassCooldown = "BreakGlassCooldown"
        /// The requester already has as many unfinished requests as `maxActivePerRequester` allows.
        case tooManyActiveRequests = "TooManyActiveRequests"
        /// `spec.startAt` under a policy without `maxLeadTime`, or further ahead than it allows.
        case startNotAllowed = "StartNotAllowed"
    }

    public var reason: Reason
    public var message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { message }
}
