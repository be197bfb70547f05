import DrawbridgeAPI
import DrawbridgeCore

/// Who may review a break-glass grant. The controller's `BreakGlassReview` counts only the first
/// valid Ratify or Reject; refusing the rest here tells the reviewer at once.
extension AccessRequestAdmission {
    /// Ratify or Reject: only on a break-glass request that was granted (live or ended), by an
    /// approver under its policy who is not the requester, once.
    func authorizeBreakGlassReview(_ record: ApprovalRecord, on request: AccessRequest, name: String) throws {
        if let refusal = ReviewEligibility.breakGlassRefusal(record.decision, by: record.user, on: request) {
            throw AdmissionDenial.forbidden(refusal)
        }
        guard let policies else { return }
        guard policies.isReady() else { throw AdmissionDenial.unavailable(Self.notReadyMessage) }
        guard let (policy, approvers) = governingApprovers(of: request, in: policies) else {
            throw AdmissionDenial.forbidden("no AccessPolicy governs \(name) any more, so nobody can review it")
        }
        if let refusal = ReviewEligibility.breakGlassRefusal(
            by: record.user, groups: record.groups ?? [], on: request, policy: policy, approvers: approvers,
            isAuthentic: isAuthentic(on: request))
        {
            throw AdmissionDenial.forbidden(refusal)
        }
    }
}
