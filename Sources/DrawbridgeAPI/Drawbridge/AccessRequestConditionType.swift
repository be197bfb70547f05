/// The condition types an AccessRequest's status carries: part of the API, since people wait on them
/// (`kubectl wait ar/NAME --for=condition=Granted`) and dashboards read them.
public enum AccessRequestConditionType: String, Hashable, Sendable, CaseIterable {
    /// Whether the request is approved: Unknown while it waits, True once approved (or
    /// auto-approved), False when rejected, denied, timed out or withdrawn.
    case approved = "Approved"
    /// Whether the RoleBinding is in place: True while the grant is live, False otherwise.
    case granted = "Granted"
    /// False while some recorded review carries no valid webhook signature (and so counts for nothing).
    case approvalsVerified = "ApprovalsVerified"
    /// On a break-glass grant: True until an approver ratifies or rejects it, then False (reason
    /// Ratified or Rejected).
    case reviewPending = "ReviewPending"
    /// On a break-glass grant: True once its review is overdue (`breakGlass.reviewWithin` passed
    /// without one), False again once reviewed.
    case reviewOverdue = "ReviewOverdue"
}

extension Array where Element == Condition {
    /// The condition of `type`, if present.
    public subscript(type type: AccessRequestConditionType) -> Condition? {
        self[type: type.rawValue]
    }
}
