import DrawbridgeAPI
import Foundation

/// The transitions that end a request, and the checks that decide them.
extension LifecycleStep {
    mutating func reject(_ rejection: Rejection) {
        status.phase = .rejected
        status.message = rejection.message
        setCondition(.approved, .false, rejection.reason.rawValue, rejection.message)
        setCondition(.granted, .false, .rejected, "No access is granted for a rejected request.")
        note(.warning, .rejected, rejection.message)
        removeBindingIfPresent()
    }

    mutating func deny(by record: ApprovalRecord) {
        status.phase = .denied
        status.message = "Denied by \(record.user)\(comment(record))."
        setCondition(.approved, .false, .denied, status.message ?? "")
        setCondition(.granted, .false, .denied, "No access is granted for a denied request.")
        note(.warning, .denied, status.message ?? "")
        removeBindingIfPresent()
    }

    mutating func timeOut(_ terms: GrantTerms, tally: ApprovalTally) {
        status.phase = .timedOut
        status.message =
            "Timed out with \(tally.approvedBy.count) of \(terms.requiredApprovals) approvals after \(GoDuration.humanize(terms.approvalTimeout))."
        setCondition(.approved, .false, .timedOut, status.message ?? "")
        setCondition(.granted, .false, .timedOut, "No access is granted for a timed-out request.")
        note(.warning, .timedOut, status.message ?? "")
        removeBindingIfPresent()
    }

    mutating func expire() {
        lapsePendingExtensions("the grant expired\(status.expiresAt.map { " at \($0)" } ?? "") before it was approved")
        status.phase = .expired
        let at = status.expiresAt.map { " at \($0)" } ?? ""
        status.message = "Access to \(role) \(placement) expired\(at); \(binding) removed."
        setCondition(.granted, .false, .expired, status.message ?? "")
        note(.normal, .expired, status.message ?? "")
        removeBindingIfPresent()
    }

    mutating func revoke(by record: ApprovalRecord) {
        lapsePendingExtensions("the grant was revoked by \(record.user)")
        let wasGranted = status.phase == .active || status.phase == .approved
        status.phase = .revoked
        status.message = "\(wasGranted ? "Revoked" : "Withdrawn") by \(record.user)\(comment(record))."
        if !wasGranted { setCondition(.approved, .false, .withdrawn, status.message ?? "") }
        setCondition(.granted, .false, .revoked, status.message ?? "")
        note(.normal, .revoked, status.message ?? "")
        removeBindingIfPresent()
    }

    /// Revoked because no policy allows the grant any more, because the requester's identity no
    /// longer verifies (its spec was edited behind the webhook's back), or because its verified
    /// approvals no longer reach what its policy requires.
    mutating func withdraw(_ rejection: Rejection) {
        lapsePendingExtensions("the grant was revoked")
        status.phase = .revoked
        if [.requesterUnverified, .approvalsMissing, .grantUnbounded].contains(rejection.reason) {
            status.message = "Revoked: \(rejection.message)."
            setCondition(.granted, .false, rejection.reason.rawValue, status.message ?? "")
        } else {
            status.message = "Revoked because no AccessPolicy allows this grant any more: \(rejection.message)."
            setCondition(.granted, .false, .policyWithdrawn, status.message ?? "")
        }
        note(.warning, .revoked, status.message ?? "")
        removeBindingIfPresent()
    }

    /// Approvals and denials count only until `creationTimestamp + approval.timeout`.
    func approvalDeadline(_ terms: GrantTerms) -> KubeTime {
        let created = request.metadata.creationTimestamp ?? now
        return KubeTime(created.date.addingTimeInterval(terms.approvalTimeout.timeInterval))
    }

    /// Why a grant whose verified approvals fall short of its policy's requirement cannot stand.
    func unbacked(_ terms: GrantTerms, tally: ApprovalTally) -> Rejection {
        Rejection(
            .approvalsMissing,
            "the grant is backed by \(tally.approvedBy.count) of the \(terms.requiredApprovals) verified approval(s) AccessPolicy \"\(terms.policy)\" requires"
        )
    }

    // MARK: Identity

    /// Why the requester cannot be trusted, if it cannot: its signature does not verify.
    var unverifiedRequester: Rejection? {
        guard !input.isRequesterAuthentic else { return nil }
        return Rejection(
            .requesterUnverified,
            "spec.requester carries no valid signature from the Drawbridge admission webhook, so nobody vouches for who asked (was the request written with the webhook disabled, or its spec edited?)"
        )
    }

    /// Records that did not verify count for nothing; say so once (a Warning Event and an audit
    /// record) each time the set of them changes, and keep it visible as a condition.
    mutating func reportUnverified(_ tally: ApprovalTally) {
        let unverified = tally.ignored.filter { $0.reason == .unauthentic }.map(\.record)
        guard !unverified.isEmpty else { return }
        let list = unverified.map { "\($0.decision.rawValue) by \($0.user) at \($0.time)" }.joined(separator: "; ")
        let message =
            "Ignored \(unverified.count) recorded review(s) without a valid signature from the Drawbridge admission webhook: \(list)."
        guard status.conditions?[type: .approvalsVerified]?.message != message else { return }
        setCondition(.approvalsVerified, .false, .unverifiedApproval, message)
        note(.warning, .unverifiedApproval, message)
    }
}
