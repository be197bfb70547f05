import DrawbridgeAPI

/// Whether a person may record a review (Approve, Deny, Revoke) on a request now, by the rules the
/// admission webhook enforces: a reviewer's inbox should list exactly what the webhook would let
/// them approve, no more (a list that offers what is then refused wastes an approver's time) and no
/// less (a request nobody sees times out).
///
/// The webhook and the inbox run the same steps (`opening`, then `approverRefusal` or
/// `extensionReview`), so they cannot drift apart; only where the policy verdict comes from differs.
/// The rules, in order:
/// - nothing changes a request in a final phase;
/// - the requester may not approve or deny their own request (only Revoke it);
/// - Approve and Deny apply while the request awaits approval, or to the extension waiting on a live
///   grant; Revoke until it ends;
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
        switch opening(decision, by: reviewer, on: request) {
        case .refused(let why): return why
        case .allowed: return nil
        case .lifecycleReview:
            // Extension limits and break-glass review have their own rules, which only the webhook
            // judges; a client never predicts them as allowed.
            return "\(decision.rawValue) on \(request.displayName) is judged by the admission webhook alone"
        case .extensionReview:
            let nothingWaiting = nothingWaitingRefusal(request)
            guard let now, request.status?.phase == .active else { return nothingWaiting }
            let terms: GrantTerms
            switch evaluate(.liveGrant) {
            case .allowed(let allowed): terms = allowed
            case .rejected(let rejection): return noPolicyRefusal(request, rejection.message)
            }
            switch extensionReview(
                decision, by: reviewer, groups: groups, on: request, terms: terms, now: now, isAuthentic: isAuthentic)
            {
            case .nothingWaiting: return nothingWaiting
            case .allowed: return nil
            case .refused(let why): return why
            }
        case .approverCheck(let mode):
            switch evaluate(mode) {
            case .allowed(let terms):
                return approverRefusal(
                    decision, by: reviewer, groups: groups, on: request, terms: terms, isAuthentic: isAuthentic)
            case .rejected(let rejection): return noPolicyRefusal(request, rejection.message)
            }
        }
    }

    /// Where a review goes after the checks that need no policy (`opening`).
    public enum Opening: Hashable, Sendable {
        /// Refused, in the webhook's words.
        case refused(String)
        /// Allowed with no policy to consult: the requester revoking their own request.
        case allowed
        /// Extend, Ratify or Reject: judged by their own rules (extension limits, break-glass review).
        case lifecycleReview
        /// Approve or Deny on a live grant: they decide the extension waiting for approval, if any
        /// (`extensionReview`).
        case extensionReview
        /// The reviewer must be an approver under the policy that governs the request in `mode`
        /// (`approverRefusal`).
        case approverCheck(PolicyEngine.Mode)
    }

    /// The first step of every review, needing no policy: nothing changes a request in a final phase
    /// (break-glass review aside, which comes after the fact), and the requester may not approve or
    /// deny their own request.
    public static func opening(_ decision: ReviewDecision, by reviewer: String, on request: AccessRequest)
        -> Opening
    {
        if decision == .ratify || decision == .reject { return .lifecycleReview }
        let phase = request.status?.phase
        if let phase, phase.isTerminal {
            return .refused("\(request.displayName) is already \(phase.rawValue); reviews no longer change it")
        }
        let isRequester = reviewer == request.spec.requester?.username
        let granted = phase == .approved || phase == .scheduled || phase == .active
        switch decision {
        case .approve, .deny:
            if isRequester {
                return .refused(
                    decision == .approve
                        ? "\(reviewer) cannot approve their own \(request.kindName); another approver must"
                        : "\(reviewer) cannot deny their own \(request.kindName); Revoke it or delete it to withdraw it"
                )
            }
            return granted ? .extensionReview : .approverCheck(.newRequest)
        case .revoke:
            return isRequester ? .allowed : .approverCheck(granted ? .liveGrant : .newRequest)
        case .extend, .ratify, .reject:
            return .lifecycleReview
        }
    }

    /// The last step of an Approve, Deny or Revoke by someone other than a requester revoking their
    /// own: the reviewer must be an approver under the governing `terms`, and one approver approves
    /// once (`isAuthentic` says which recorded approvals count).
    public static func approverRefusal(
        _ decision: ReviewDecision, by reviewer: String, groups: [String], on request: AccessRequest,
        terms: GrantTerms, isAuthentic: (ApprovalRecord) -> Bool
    ) -> String? {
        guard terms.approvers.matches(user: reviewer, groups: groups) else {
            return
                "\(reviewer) is not an approver under AccessPolicy \"\(terms.policy)\" (approvers: \(terms.approvers))"
        }
        let approvedBefore = (request.status?.approvals ?? []).contains {
            $0.user == reviewer && $0.decision == .approve && isAuthentic($0)
        }
        if decision == .approve, approvedBefore {
            return
                "\(reviewer) has already approved \(request.displayName); AccessPolicy \"\(terms.policy)\" needs \(terms.requiredApprovals) distinct approver(s)"
        }
        return nil
    }

    /// The refusal of any review when no policy allows the request any more; `detail` is the policy
    /// engine's reason.
    public static func noPolicyRefusal(_ request: AccessRequest, _ detail: String) -> String {
        "no AccessPolicy allows \(request.displayName) any more, so no review can count (\(detail)); the controller rejects or revokes it"
    }

    /// The refusal of Approve or Deny on a grant with no extension waiting for approval.
    public static func nothingWaitingRefusal(_ request: AccessRequest) -> String {
        let name = request.displayName
        // A Scheduled grant has not started: it cannot be extended yet, only revoked.
        if request.status?.phase == .scheduled {
            return
                "\(name) is already approved and Scheduled to start at \(request.spec.startAt?.description ?? "its startAt"); only Revoke changes it now"
        }
        return
            "\(name) is already \(request.status?.phase?.rawValue ?? "") and no extension waits for approval; only Revoke or Extend changes it now"
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
