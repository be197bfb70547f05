import DrawbridgeAPI
import Foundation

/// Break-glass grants: granted at once and loudly, then ratified or rejected by an approver, or
/// flagged as overdue when nobody does within the policy's `reviewWithin`.
extension LifecycleStep {
    /// True for a request that asked to break glass.
    var isBreakGlass: Bool { request.spec.breakGlass == true }

    /// Records a break-glass grant being made (instead of an approval): a Warning, and the review it
    /// now waits for.
    mutating func noteBreakGlass(_ terms: GrantTerms, _ breakGlass: BreakGlassTerms) {
        let reviewBy = KubeTime(now.date.addingTimeInterval(breakGlass.reviewWithin.timeInterval))
        setCondition(
            .approved, .true, .breakGlass,
            "Break-glass: granted at once under AccessPolicy \"\(terms.policy)\", without approval.")
        setCondition(
            .reviewPending, .true, .awaitingReview,
            "\(terms.approvers) must ratify or reject this break-glass access by \(reviewBy).")
        note(
            .warning, .breakGlassGranted,
            "\(requester) broke glass: \(role) \(placement) for \(GoDuration.humanize(terms.duration)) under AccessPolicy \"\(terms.policy)\", without approval; \(terms.approvers) must ratify or reject it by \(reviewBy)."
        )
        requeueAt = min(requeueAt ?? reviewBy.date, reviewBy.date)
    }

    /// Judges the review of a break-glass grant by `reviewers` under `breakGlass`: notes a Ratify or
    /// a Reject once (a Reject ends a live grant at once), and an overdue review once. Returns true
    /// when the grant was ended.
    mutating func reviewBreakGlass(reviewers: ApproverMatcher, _ breakGlass: BreakGlassTerms) -> Bool {
        guard isBreakGlass, let grantedAt = status.grantedAt else { return false }
        let deadline = KubeTime(grantedAt.date.addingTimeInterval(breakGlass.reviewWithin.timeInterval))
        let review = BreakGlassReview(
            records: status.approvals ?? [], requester: requester, reviewers: reviewers,
            isAuthentic: input.isAuthentic)
        let pending = status.conditions?[type: .reviewPending]
        switch review.verdict {
        case nil:
            if pending?.status != .true {
                setCondition(
                    .reviewPending, .true, .awaitingReview,
                    "\(reviewers) must ratify or reject this break-glass access by \(deadline).")
            }
            guard now >= deadline else {
                requeueAt = min(requeueAt ?? deadline.date, deadline.date)
                return false
            }
            guard status.conditions?[type: .reviewOverdue]?.status != .true else { return false }
            setCondition(
                .reviewOverdue, .true, .reviewOverdue,
                "Nobody ratified or rejected this break-glass access by \(deadline).")
            note(
                .warning, .breakGlassReviewOverdue,
                "Nobody ratified or rejected \(requester)'s break-glass access by \(deadline); \(reviewers) must review it."
            )
            return false
        case .ratified(let record)?:
            guard pending?.reason != ConditionReason.ratified.rawValue else { return false }
            let message = "Break-glass access ratified by \(record.user)\(comment(record))."
            setCondition(.reviewPending, .false, .ratified, message)
            settleOverdue(by: record)
            note(.normal, .breakGlassRatified, message)
            return false
        case .rejected(let record)?:
            guard pending?.reason != ConditionReason.rejected.rawValue else { return false }
            let message = "Break-glass access rejected by \(record.user)\(comment(record))."
            setCondition(.reviewPending, .false, .rejected, message)
            settleOverdue(by: record)
            guard status.phase == .active || status.phase == .approved else {
                note(.warning, .breakGlassRejected, message)
                return false
            }
            lapsePendingExtensions("the grant was rejected by \(record.user)")
            status.phase = .revoked
            status.message = message
            setCondition(.granted, .false, .rejected, message)
            note(.warning, .breakGlassRejected, message)
            removeBindingIfPresent()
            return true
        }
    }

    /// A review made after the deadline clears the overdue flag.
    mutating func settleOverdue(by record: ApprovalRecord) {
        guard status.conditions?[type: .reviewOverdue]?.status == .true else { return }
        setCondition(
            .reviewOverdue, .false, .reviewed, "Reviewed by \(record.user) at \(record.time), after the deadline.")
    }

    /// The reviewers and break-glass terms of a finished break-glass request: its governing policy's,
    /// or, when no policy governs it any more, those of the valid policy its status names.
    func finishedReviewTerms() -> (ApproverMatcher, BreakGlassTerms)? {
        if case .allowed(let terms) = PolicyEngine.evaluate(policyInput(), policies: input.policies, mode: .liveGrant),
            let breakGlass = terms.breakGlass
        {
            return (terms.approvers, breakGlass)
        }
        guard let name = status.policy, let policy = input.policies.valid.first(where: { $0.name == name }),
            let breakGlass = policy.lifecycle.breakGlass
        else { return nil }
        return (policy.approvers, breakGlass)
    }

}
