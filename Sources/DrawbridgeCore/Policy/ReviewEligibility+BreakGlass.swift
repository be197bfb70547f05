import DrawbridgeAPI

/// Who may Ratify or Reject a break-glass grant: the rule the admission webhook enforces and the
/// plugin's inbox lists by. The webhook finds the governing policy's approvers from its caches, a
/// client from API reads; both then apply the same two steps.
extension ReviewEligibility {
    /// The first step, needing no policy: only a break-glass request that was granted (live or
    /// ended) is reviewed, and never by its requester. The refusal in the webhook's words, or nil.
    public static func breakGlassRefusal(
        _ decision: ReviewDecision, by reviewer: String, on request: AccessRequest
    ) -> String? {
        let verb = decision == .ratify ? "ratify" : "reject"
        guard request.spec.breakGlass == true, request.status?.grantedAt != nil else {
            return
                "\(request.displayName) is not a break-glass grant; Ratify and Reject review break-glass grants only"
        }
        if reviewer == request.spec.requester?.username {
            return "\(reviewer) cannot \(verb) their own break-glass access; an approver must"
        }
        return nil
    }

    /// The second step, given the governing `policy` and its `approvers`: the reviewer must be one
    /// of them, and a grant is reviewed once (the first authentic Ratify or Reject decides it).
    public static func breakGlassRefusal(
        by reviewer: String, groups: [String], on request: AccessRequest, policy: String,
        approvers: ApproverMatcher, isAuthentic: (ApprovalRecord) -> Bool
    ) -> String? {
        guard approvers.matches(user: reviewer, groups: groups) else {
            return "\(reviewer) is not an approver under AccessPolicy \"\(policy)\" (approvers: \(approvers))"
        }
        let review = BreakGlassReview(
            records: request.status?.approvals ?? [], requester: request.spec.requester?.username ?? "",
            reviewers: approvers, isAuthentic: isAuthentic)
        if let verdict = review.verdict {
            let done = verdict.record.decision == .ratify ? "ratified" : "rejected"
            return
                "\(request.displayName)'s break-glass access was already \(done) by \(verdict.record.user); it is reviewed once"
        }
        return nil
    }

    /// True when `reviewer` could ratify `request`'s break-glass access now. `evaluate` is the policy
    /// engine's verdict on the request in a mode and `policies` the valid ones, from which the
    /// governing approvers are found (`governingApprovers`), only once the first step passes.
    public static func canRatify(
        _ request: AccessRequest, reviewer: String, groups: [String], evaluate: (PolicyEngine.Mode) -> PolicyDecision,
        policies: PolicySet, isAuthentic: (ApprovalRecord) -> Bool
    ) -> Bool {
        guard breakGlassRefusal(.ratify, by: reviewer, on: request) == nil,
            let governing = governingApprovers(of: request, evaluate: evaluate, policies: policies)
        else { return false }
        return breakGlassRefusal(
            by: reviewer, groups: groups, on: request, policy: governing.policy, approvers: governing.approvers,
            isAuthentic: isAuthentic) == nil
    }

    /// What a reviewer's inbox lists: a request `reviewer` could approve now (with `now`, a live
    /// grant whose extension waits for them too), or a break-glass grant they could still ratify.
    public static func awaitsReview(
        _ request: AccessRequest, reviewer: String, groups: [String], evaluate: (PolicyEngine.Mode) -> PolicyDecision,
        policies: PolicySet, isAuthentic: (ApprovalRecord) -> Bool, now: KubeTime? = nil
    ) -> Bool {
        canRatify(
            request, reviewer: reviewer, groups: groups, evaluate: evaluate, policies: policies,
            isAuthentic: isAuthentic)
            || canApprove(
                request, reviewer: reviewer, groups: groups, evaluate: evaluate, isAuthentic: isAuthentic, now: now)
    }
}

extension ReviewEligibility {
    /// Whose review counts on a granted request (break-glass review, deletion): the approvers of the
    /// policy that governs it as a live grant, else of the valid policy its status names; nil when
    /// neither exists. `evaluate` is the policy engine's verdict on the request in a mode.
    public static func governingApprovers(
        of request: AccessRequest, evaluate: (PolicyEngine.Mode) -> PolicyDecision, policies: PolicySet
    ) -> (policy: String, approvers: ApproverMatcher)? {
        if case .allowed(let terms) = evaluate(.liveGrant) { return (terms.policy, terms.approvers) }
        guard let name = request.status?.policy, let policy = policies.valid.first(where: { $0.name == name }) else {
            return nil
        }
        return (policy.name, policy.approvers)
    }
}
