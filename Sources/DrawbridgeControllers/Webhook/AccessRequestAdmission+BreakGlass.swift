import DrawbridgeAPI
import DrawbridgeCore

/// Who may review a break-glass grant. The controller's `BreakGlassReview` counts only the first
/// valid Ratify or Reject; refusing the rest here tells the reviewer at once.
extension AccessRequestAdmission {
    /// Ratify or Reject: only on a break-glass request that was granted (live or ended), by an
    /// approver under its policy who is not the requester, once.
    func authorizeBreakGlassReview(_ record: ApprovalRecord, on request: AccessRequest, name: String) throws {
        let verb = record.decision == .ratify ? "ratify" : "reject"
        guard request.spec.breakGlass == true, request.status?.grantedAt != nil else {
            throw AdmissionDenial.forbidden(
                "\(name) is not a break-glass grant; Ratify and Reject review break-glass grants only")
        }
        let requester = request.spec.requester?.username ?? ""
        if record.user == requester {
            throw AdmissionDenial.forbidden(
                "\(record.user) cannot \(verb) their own break-glass access; an approver must")
        }
        guard let policies else { return }
        guard policies.isReady() else { throw AdmissionDenial.unavailable(Self.notReadyMessage) }
        guard let (policy, approvers) = governingApprovers(of: request, in: policies) else {
            throw AdmissionDenial.forbidden("no AccessPolicy governs \(name) any more, so nobody can review it")
        }
        guard approvers.matches(user: record.user, groups: record.groups ?? []) else {
            throw AdmissionDenial.forbidden(
                "\(record.user) is not an approver under AccessPolicy \"\(policy)\" (approvers: \(approvers))")
        }
        let uid = request.metadata.uid ?? ""
        let review = BreakGlassReview(
            records: request.status?.approvals ?? [], requester: requester, reviewers: approvers,
            isAuthentic: { signer?.verifies(approval: $0, requestUID: uid) ?? true })
        if let verdict = review.verdict {
            let done = verdict.record.decision == .ratify ? "ratified" : "rejected"
            throw AdmissionDenial.forbidden(
                "\(name)'s break-glass access was already \(done) by \(verdict.record.user); it is reviewed once")
        }
    }
}
