/// Where an AccessRequest is in the approval state machine (see docs/design in README).
public enum AccessRequestPhase: String, Codable, Hashable, Sendable, CaseIterable {
    /// Waiting for approvals.
    case pending = "Pending"
    /// Approved; the RoleBinding is being created.
    case approved = "Approved"
    /// Approved ahead of `spec.startAt`; the RoleBinding is made at that moment, if the policy
    /// still allows it then.
    case scheduled = "Scheduled"
    /// The RoleBinding exists and access is live until `expiresAt`.
    case active = "Active"
    /// No policy allows it, or the request is invalid. Terminal.
    case rejected = "Rejected"
    /// An approver denied it. Terminal.
    case denied = "Denied"
    /// Not enough approvals before the policy's approval timeout. Terminal.
    case timedOut = "TimedOut"
    /// The grant reached `expiresAt` and was revoked. Terminal.
    case expired = "Expired"
    /// Revoked by a person, or because no policy allows it any more. Terminal.
    case revoked = "Revoked"

    /// Terminal phases never move again and never have a binding.
    public var isTerminal: Bool {
        switch self {
        case .pending, .approved, .scheduled, .active: false
        case .rejected, .denied, .timedOut, .expired, .revoked: true
        }
    }
}

/// What an approver asks for through `status.review`, and what each recorded approval says.
public enum ReviewDecision: String, Codable, Hashable, Sendable, CaseIterable {
    /// Approve a pending request, or a pending extension of a live grant.
    case approve = "Approve"
    /// Deny a pending request, or a pending extension of a live grant.
    case deny = "Deny"
    case revoke = "Revoke"
    /// Ask for more time on a live grant (with `duration`): by its requester or an approver.
    case extend = "Extend"
    /// Confirm, afterwards, a break-glass grant an approver would have approved.
    case ratify = "Ratify"
    /// Refuse a break-glass grant afterwards: a live one is revoked at once.
    case reject = "Reject"
}
