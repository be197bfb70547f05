import DrawbridgeAPI

/// Whether a person may record a review (Approve, Deny, Revoke) on a request now, by the rules the
/// admission webhook enforces: a reviewer's inbox should list exactly what the webhook would let
/// them approve, no more (a list that offers what is then refused wastes an approver's time) and no
/// less (a request nobody sees times out).
///
/// The rules, in the webhook's order:
/// - nothing changes a request in a final phase;
/// - the requester may not approve or deny their own request (only Revoke it);
/// - Approve and Deny apply while the request awaits approval, Revoke until it ends;
/// - everyone but the requester revoking their own must be an approver under the governing policy
///   (judged by `PolicyEngine`), and one approver approves once.
public enum ReviewEligibility {
    /// The reason `reviewer` (in `groups`) may not record `decision` on `request`, worded as the
    /// webhook words its refusal; nil when they may.
    ///
    /// `evaluate` is the policy engine's verdict on the request in the given mode (callers gather
    /// its input their own way: informer caches in the webhook, API reads in a client).
    /// `isAuthentic` says which recorded approvals to trust when looking for an earlier Approve.
    /// With `now`, Approve and Deny on a live grant are judged as the webhook judges them: they
    /// decide the extension waiting for approval, if one is (by an extension approver who did not ask
    /// for it, once each); without it, a live grant takes only Revoke.
    public static func refusal(
        _ decision: ReviewDecision, by reviewer: String, groups: [String], on request: AccessRequest,
        evaluate: (PolicyEngine.Mode) -> PolicyDecision, isAuthentic: (ApprovalRecord) -> Bool, now: KubeTime? = nil
    ) -> String? {
        let name = request.displayName
        let phase = request.status?.phase
        if let phase, phase.isTerminal {
            return "\(name) is already \(phase.rawValue); reviews no longer change it"
        }
        let isRequester = reviewer == request.spec.requester?.username
        let granted = phase == .approved || phase == .scheduled || phase == .active
        switch decision {
        case .approve, .deny:
            if isRequester {
                return decision == .approve
                    ? "\(reviewer) cannot approve their own \(request.kindName); another approver must"
                    : "\(reviewer) cannot deny their own \(request.kindName); Revoke it or delete it to withdraw it"
            }
            if granted {
                let nothingWaiting = "\(name) is already \(phase?.rawValue ?? ""); only Revoke changes it now"
                guard let now, phase == .active, case .allowed(let terms) = evaluate(.liveGrant) else {
                    return nothingWaiting
                }
                switch extensionReview(
                    decision, by: reviewer, groups: groups, on: request, terms: terms, now: now,
                    isAuthentic: isAuthentic)
                {
                case .nothingWaiting: return nothingWaiting
                case .allowed: return nil
                case .refused(let why): return why
                }
            }
        case .revoke:
            if isRequester { return nil }
        case .extend, .ratify, .reject:
            // Lifecycle reviews have their own rules (extension limits, break-glass review), which
            // only the webhook judges; a client never predicts them as allowed.
            return "\(decision.rawValue) on \(name) is judged by the admission webhook alone"
        }
        guard case .allowed(let terms) = evaluate(granted ? .liveGrant : .newRequest) else {
            return
                "no AccessPolicy allows \(name) any more, so no review can count; the controller rejects or revokes it"
        }
        guard terms.approvers.matches(user: reviewer, groups: groups) else {
            return
                "\(reviewer) is not an approver under AccessPolicy \"\(terms.policy)\" (approvers: \(terms.approvers))"
        }
        let approvedBefore = (request.status?.approvals ?? []).contains {
            $0.user == reviewer && $0.decision == .approve && isAuthentic($0)
        }
        if decision == .approve, approvedBefore {
            return
                "\(reviewer) has already approved \(name); AccessPolicy \"\(terms.policy)\" needs \(terms.requiredApprovals) distinct approver(s)"
        }
        return nil
    }

    /// What an Approve or Deny on a live grant may do about the extension it waits on.
    public enum ExtensionReview: Hashable, Sendable {
        case nothingWaiting
        case allowed
        /// Refused, with the webhook's words.
        case refused(String)
    }

    /// Whether `reviewer` may decide the extension `request` waits on with `decision`, under the
    /// governing `terms`, at `now`: the rule the webhook and the plugin's inbox both apply.
    public static func extensionReview(
        _ decision: ReviewDecision, by reviewer: String, groups: [String], on request: AccessRequest,
        terms: GrantTerms, now: KubeTime, isAuthentic: (ApprovalRecord) -> Bool
    ) -> ExtensionReview {
        guard let rules = terms.lifecycle.extensionTerms,
            let open = ExtensionTally(
                records: request.status?.approvals ?? [], requester: request.spec.requester?.username ?? "",
                grantApprovers: terms.approvers, terms: rules, now: now, isAuthentic: isAuthentic
            ).open
        else { return .nothingWaiting }
        guard rules.approvers.matches(user: reviewer, groups: groups) else {
            return .refused(
                "\(reviewer) is not an approver of extensions under AccessPolicy \"\(terms.policy)\" (approvers: \(rules.approvers))"
            )
        }
        guard decision == .approve else { return .allowed }
        if open.request.user == reviewer {
            return .refused("\(reviewer) cannot approve the extension they asked for; another approver must")
        }
        if open.approvedBy.contains(reviewer) {
            return .refused("\(reviewer) has already approved this extension of \(request.displayName)")
        }
        return .allowed
    }

    /// True when `reviewer` could approve `request` now (with `now`: an extension waiting on a live
    /// grant too): what a reviewer's inbox lists.
    public static func canApprove(
        _ request: AccessRequest, reviewer: String, groups: [String],
        evaluate: (PolicyEngine.Mode) -> PolicyDecision, isAuthentic: (ApprovalRecord) -> Bool, now: KubeTime? = nil
    ) -> Bool {
        refusal(
            .approve, by: reviewer, groups: groups, on: request, evaluate: evaluate, isAuthentic: isAuthentic,
            now: now) == nil
    }
}
