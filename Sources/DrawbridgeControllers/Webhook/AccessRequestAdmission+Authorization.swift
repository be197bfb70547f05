import DrawbridgeAPI
import DrawbridgeCore

/// Who may record which review. The controller's tally ignores reviews that do not count; refusing
/// them here as well tells the reviewer at once, in `kubectl patch`'s output, instead of leaving a
/// record that silently changes nothing.
extension AccessRequestAdmission {
    /// Refuses `record` unless its author may make that decision on `request` now:
    /// - nothing changes a request in a final phase;
    /// - the requester may not approve or deny their own request (only Revoke it);
    /// - Approve and Deny apply while the request awaits approval, Revoke until it ends;
    /// - everyone but the requester revoking their own must be an approver under the governing
    ///   policy, and one approver approves once.
    func authorize(_ record: ApprovalRecord, on request: AccessRequest) throws {
        let name = request.displayName
        let phase = request.status?.phase
        // A break-glass grant is reviewed after the fact, even once it has ended.
        if record.decision == .ratify || record.decision == .reject {
            return try authorizeBreakGlassReview(record, on: request, name: name)
        }
        if let phase, phase.isTerminal {
            throw AdmissionDenial.forbidden("\(name) is already \(phase.rawValue); reviews no longer change it")
        }
        let isRequester = record.user == request.spec.requester?.username
        let granted = phase == .approved || phase == .scheduled || phase == .active
        switch record.decision {
        case .approve, .deny:
            if isRequester {
                throw AdmissionDenial.forbidden(
                    record.decision == .approve
                        ? "\(record.user) cannot approve their own \(request.kindName); another approver must"
                        : "\(record.user) cannot deny their own \(request.kindName); Revoke it or delete it to withdraw it"
                )
            }
            // On a live grant, Approve and Deny decide the extension waiting for approval, if any.
            if granted { return try authorizeExtensionReview(record, on: request, name: name) }
        case .revoke:
            if isRequester { return }
        case .extend:
            return try authorizeExtend(record, on: request, name: name)
        case .ratify, .reject:
            return
        }
        guard let policies else { return }
        guard policies.isReady() else { throw AdmissionDenial.unavailable(Self.notReadyMessage) }
        let terms: GrantTerms
        switch policies.evaluate(request, mode: granted ? .liveGrant : .newRequest) {
        case .allowed(let allowed): terms = allowed
        case .rejected(let rejection):
            throw AdmissionDenial.forbidden(
                "no AccessPolicy allows \(name) any more, so no review can count (\(rejection.message)); the controller rejects or revokes it"
            )
        }
        guard terms.approvers.matches(user: record.user, groups: record.groups ?? []) else {
            throw AdmissionDenial.forbidden(
                "\(record.user) is not an approver under AccessPolicy \"\(terms.policy)\" (approvers: \(terms.approvers))"
            )
        }
        if record.decision == .approve, hasApproved(record.user, request) {
            throw AdmissionDenial.forbidden(
                "\(record.user) has already approved \(name); AccessPolicy \"\(terms.policy)\" needs \(terms.requiredApprovals) distinct approver(s)"
            )
        }
    }

    /// True when `user` already has an Approve on record that we stamped (a forged one does not
    /// block the real approver).
    func hasApproved(_ user: String, _ request: AccessRequest) -> Bool {
        (request.status?.approvals ?? []).contains { record in
            record.user == user && record.decision == .approve
                && (signer?.verifies(approval: record, requestUID: request.metadata.uid ?? "") ?? true)
        }
    }
}
