import DrawbridgeAPI
import Foundation

/// Scheduled starts: a request approved before its `spec.startAt` waits in phase Scheduled, and at
/// that moment is judged again like a new request (a requester who lost eligibility in between gets
/// nothing) before its binding is made.
extension LifecycleStep {
    /// Approved ahead of `startAt`: no binding yet, a look again at `startAt` exactly.
    mutating func schedule(until startAt: KubeTime) {
        status.phase = .scheduled
        status.grantedAt = nil
        let until = status.expiresAt.map { " until \($0)" } ?? ""
        status.message = "Approved; access starts at \(startAt)\(until), if the policy still allows it then."
        setCondition(.granted, .false, .scheduled, status.message ?? "")
        requeueAt = startAt.date
    }

    /// Scheduled: still allowed and backed; at `startAt` the binding is made and the grant runs
    /// until `startAt + duration`.
    mutating func planScheduled() {
        if let problem = unverifiedRequester { return withdraw(problem) }
        guard let startAt = request.spec.startAt else {
            return withdraw(
                Rejection(.grantUnbounded, "the request is Scheduled but has no spec.startAt, so it cannot start"))
        }
        // Judged as a new request: until it starts, every limit of the policy applies in full.
        let decision = PolicyEngine.evaluate(policyInput(), policies: input.policies)
        guard case .allowed(let terms) = decision else {
            if case .rejected(let rejection) = decision { withdraw(rejection) }
            return
        }
        status.policy = terms.policy
        let tally = tally(terms, deadline: approvalDeadline(terms))
        self.tally = tally
        reportUnverified(tally)
        if let revocation = tally.revocation { return revoke(by: revocation) }
        if let denial = tally.denial { return deny(by: denial) }
        if tally.approvedBy.count < terms.requiredApprovals { return withdraw(unbacked(terms, tally: tally)) }
        let expiresAt = KubeTime(startAt.date.addingTimeInterval(terms.duration.timeInterval))
        status.expiresAt = expiresAt
        guard now >= startAt else { return schedule(until: startAt) }
        status.grantedAt = startAt
        guard now < expiresAt else { return expire() }
        requeueAt = expiresAt.date
        settleApproved()
    }
}
