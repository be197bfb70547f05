/// What happened to a request: the `action` of its audit record and the reason of the Event that
/// tells people. A closed set, so a consumer of the audit log can switch over it.
public enum AuditAction: String, Codable, Hashable, Sendable, CaseIterable {
    /// A new request is waiting for approval (or was auto-approved in the same pass).
    case requested = "Requested"
    /// No policy allows it, or it is malformed.
    case rejected = "Rejected"
    /// Enough valid approvals (or a zero-approval policy).
    case approved = "Approved"
    /// An approver denied it.
    case denied = "Denied"
    /// The RoleBinding is in place: access is live.
    case granted = "Granted"
    /// The grant reached `expiresAt` and its binding was removed.
    case expired = "Expired"
    /// Ended early: by a person, a withdrawn policy, an identity that stopped verifying, or deletion.
    case revoked = "Revoked"
    /// Not enough approvals before the approval deadline.
    case timedOut = "TimedOut"
    /// A live grant's binding was deleted or edited by someone else and put back.
    case tamperReverted = "TamperReverted"
    /// A binding no live grant needs was deleted.
    case orphanRemoved = "OrphanRemoved"
    /// A live grant's expiry moved earlier (a policy's lower `maxDuration`, or an earlier annotation).
    case grantShortened = "GrantShortened"
    /// Recorded reviews without a valid webhook signature were ignored.
    case unverifiedApproval = "UnverifiedApproval"
    /// The requester or an approver asked for more time on a live grant.
    case extensionRequested = "ExtensionRequested"
    /// An extension was approved and applied: `expiresAt` moved later, the binding first.
    case extended = "Extended"
    /// An extension was denied, timed out, lapsed with its grant, or did not fit the policy's limits.
    case extensionDenied = "ExtensionDenied"
    /// Someone broke glass: granted at once, without approval, to be reviewed afterwards (a Warning).
    case breakGlassGranted = "BreakGlassGranted"
    /// An approver ratified a break-glass grant.
    case breakGlassRatified = "BreakGlassRatified"
    /// An approver rejected a break-glass grant; a live one was revoked at once.
    case breakGlassRejected = "BreakGlassRejected"
    /// Nobody ratified or rejected a break-glass grant within its policy's `reviewWithin`.
    case breakGlassReviewOverdue = "BreakGlassReviewOverdue"
}
