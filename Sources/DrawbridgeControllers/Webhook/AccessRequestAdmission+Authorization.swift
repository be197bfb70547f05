import DrawbridgeAPI
import DrawbridgeCore

/// Who may record which review. The controller's tally ignores reviews that do not count; refusing
/// them here as well tells the reviewer at once, in `kubectl patch`'s output, instead of leaving a
/// record that silently changes nothing.
extension AccessRequestAdmission {
    /// Refuses `record` unless its author may make that decision on `request` now, by the steps of
    /// `ReviewEligibility` (which the plugin's inbox applies too):
    /// - nothing changes a request in a final phase (break-glass review aside);
    /// - the requester may not approve or deny their own request (only Revoke it);
    /// - Approve and Deny apply while the request awaits approval, or to the extension waiting on a
    ///   live grant; Revoke until it ends;
    /// - everyone but the requester revoking their own must be an approver under the governing
    ///   policy, and one approver approves once.
    func authorize(_ record: ApprovalRecord, on request: AccessRequest) throws {
        let name = request.displayName
        switch ReviewEligibility.opening(record.decision, by: record.user, on: request) {
        case .refused(let why):
            throw AdmissionDenial.forbidden(why)
        case .allowed:
            return
        case .lifecycleReview:
            switch record.decision {
            case .extend: return try authorizeExtend(record, on: request, name: name)
            case .ratify, .reject: return try authorizeBreakGlassReview(record, on: request, name: name)
            case .approve, .deny, .revoke:
                // `opening` never sends these here; refuse rather than let one through unjudged.
                throw AdmissionDenial.forbidden("\(record.decision.rawValue) on \(name) could not be judged")
            }
        case .extensionReview:
            return try authorizeExtensionReview(record, on: request, name: name)
        case .approverCheck(let mode):
            guard let policies else { return }
            guard policies.isReady() else { throw AdmissionDenial.unavailable(Self.notReadyMessage) }
            switch policies.evaluate(request, mode: mode) {
            case .allowed(let terms):
                if let why = ReviewEligibility.approverRefusal(
                    record.decision, by: record.user, groups: record.groups ?? [], on: request, terms: terms,
                    isAuthentic: isAuthentic(on: request))
                {
                    throw AdmissionDenial.forbidden(why)
                }
            case .rejected(let rejection):
                throw AdmissionDenial.forbidden(ReviewEligibility.noPolicyRefusal(request, rejection.message))
            }
        }
    }

    /// Which approval records on `request` to trust: those we stamped (a forged Approve neither counts
    /// nor blocks the real approver). All of them when no signer is configured (tests of rules alone).
    func isAuthentic(on request: AccessRequest) -> (ApprovalRecord) -> Bool {
        let uid = request.metadata.uid ?? ""
        return { signer?.verifies(approval: $0, requestUID: uid) ?? true }
    }
}
