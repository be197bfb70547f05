/// The reasons the controller writes into an AccessRequest's conditions, besides the
/// `Rejection.Reason` of a refused request (which is its `Approved` condition's reason).
public enum ConditionReason: String, Hashable, Sendable, CaseIterable {
    /// Approved=Unknown: waiting for approvals.
    case awaitingApproval = "AwaitingApproval"
    /// Granted=False: nothing is granted before approval.
    case notApproved = "NotApproved"
    /// Approved=True: approved by people.
    case approved = "Approved"
    /// Approved=True: a zero-approval policy approved it.
    case autoApproved = "AutoApproved"
    /// Granted=False: approved, but the API server refused the controller's RoleBinding.
    case bindingForbidden = "BindingForbidden"
    /// Granted=False: a binding of the grant's name exists that Drawbridge did not make.
    case bindingNameTaken = "BindingNameTaken"
    /// Granted=True: the binding is in place.
    case granted = "Granted"
    /// Granted=False: the request was rejected. ReviewPending=False and Granted=False: an approver
    /// rejected a break-glass grant.
    case rejected = "Rejected"
    /// Approved=False and Granted=False: an approver denied it.
    case denied = "Denied"
    /// Approved=False and Granted=False: the approval deadline passed.
    case timedOut = "TimedOut"
    /// Granted=False: the grant reached `expiresAt`.
    case expired = "Expired"
    /// Granted=False: a person revoked the grant.
    case revoked = "Revoked"
    /// Approved=False: the requester withdrew a request that was not granted yet.
    case withdrawn = "Withdrawn"
    /// Granted=False: no policy allows the grant any more.
    case policyWithdrawn = "PolicyWithdrawn"
    /// ApprovalsVerified=False: some recorded reviews carry no valid webhook signature.
    case unverifiedApproval = "UnverifiedApproval"
    /// Approved=True: break-glass, granted at once without approval.
    case breakGlass = "BreakGlass"
    /// ReviewPending=True: a break-glass grant waits to be ratified or rejected.
    case awaitingReview = "AwaitingReview"
    /// ReviewPending=False: an approver ratified the break-glass grant.
    case ratified = "Ratified"
    /// ReviewOverdue=True: nobody reviewed the break-glass grant within `reviewWithin`.
    case reviewOverdue = "ReviewOverdue"
    /// ReviewOverdue=False: the overdue review has been made.
    case reviewed = "Reviewed"
    /// Granted=False: approved, waiting for `spec.startAt`.
    case scheduled = "Scheduled"
}
