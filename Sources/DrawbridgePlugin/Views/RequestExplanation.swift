import DrawbridgeAPI
import DrawbridgeCore
import Foundation

/// Everything `kubectl drawbridge why NAME` says about one request: the governing policy and why
/// the other candidates did not govern, the approvals counted and ignored (with the reason), the
/// time left, the RoleBinding, and what the grant allows. Built from objects already read, with the
/// clock passed in, so it is tested without a cluster; `ExplanationText` prints it, `-o json` and
/// `-o yaml` encode it.
public struct RequestExplanation: Sendable, Hashable, Encodable {
    /// A recorded review and what became of it.
    public struct ReviewLine: Sendable, Hashable, Encodable {
        /// Who reviewed.
        public var user: String
        /// Approve, Deny or Revoke.
        public var decision: String
        /// How long ago (`5m ago`).
        public var time: String
        /// The reviewer's comment.
        public var comment: String?
        /// Why it did not count; nil when it counted.
        public var ignoredBecause: String?
    }

    /// A policy that did not govern, and why.
    public struct OtherPolicy: Sendable, Hashable, Encodable {
        /// The AccessPolicy's name.
        public var policy: String
        /// Why it did not govern.
        public var reason: String
    }

    /// The grant's RoleBinding, as far as the caller may see it.
    public struct Binding: Sendable, Hashable, Encodable {
        /// `status.roleBinding`.
        public var name: String
        /// `User "alice"`, when the binding could be read.
        public var subjects: [String]?
        /// What could not be read or is wrong, when anything.
        public var note: String?
    }

    /// The request's namespace; empty for a ClusterAccessRequest.
    public var namespace: String
    /// True for a ClusterAccessRequest: granted in every namespace by a ClusterRoleBinding.
    public var clusterWide: Bool
    /// The request's name.
    public var name: String
    /// The stamped requester.
    public var requester: String
    /// The requester's groups, as stamped.
    public var requesterGroups: [String]
    /// `ClusterRole/edit`.
    public var role: String
    /// As requested, or the policy default it will get.
    public var duration: String
    /// The requester's reason.
    public var reason: String
    /// `Pending`, `Active`, ... (`New` before the controller has looked at it).
    public var phase: String
    /// `status.message`.
    public var message: String?
    /// True when the policy engine allows the request now.
    public var allowed: Bool
    /// The governing AccessPolicy, if any matched.
    public var governingPolicy: String?
    /// `allowed: at most 1h; 1 approval from group sre within 30m`, or `refused (Reason): message`.
    public var verdict: String
    /// The other candidates.
    public var otherPolicies: [OtherPolicy]
    /// `needs 1 approval from group sre within 28m` (nil when no policy governs).
    public var approvalSummary: String?
    /// Every recorded review, in order.
    public var reviews: [ReviewLine]
    /// `created 2m ago`, `expires in 29m (2027-01-15T08:32:00Z)`, ...
    public var timeline: [String]
    /// The RoleBinding, once there is one.
    public var binding: Binding?
    /// Where the role's rules come from (`ClusterRole/edit, aggregation resolved`), or why unknown.
    public var rulesSource: String
    /// What the grant allows; nil when the rules could not be read.
    public var rules: [RuleTable.Row]?
    /// What could not be read and how that limits the answer.
    public var notes: [String]

    /// The explanation of `request` under `context` at `now`; `binding` is the grant's RoleBinding
    /// when it could be read, `bindingNote` says why not otherwise.
    public init(
        request: AccessRequest, context: PolicyContext, now: Date, binding: RoleBinding? = nil,
        bindingNote: String? = nil
    ) {
        let status = request.status
        let phase = status?.phase
        namespace = request.metadata.namespace ?? ""
        clusterWide = request.isClusterWide
        name = request.metadata.name ?? ""
        requester = RequestTable.requester(request)
        requesterGroups = request.spec.requester?.groups ?? []
        role = request.spec.role.description
        reason = request.spec.reason ?? ""
        self.phase = phase?.rawValue ?? "New"
        message = status?.message
        let granted = phase == .approved || phase == .active
        let explanation = context.explain(request, mode: granted ? .liveGrant : .newRequest)
        governingPolicy = explanation.governingPolicy
        otherPolicies = explanation.candidates.filter { $0.verdict != .governs }.map {
            OtherPolicy(policy: $0.policy, reason: $0.reason)
        }
        var tally: ApprovalTally?
        switch explanation.decision {
        case .allowed(let terms):
            allowed = true
            duration = request.spec.duration ?? "\(GoDuration.humanize(terms.duration)) (the policy default)"
            verdict = Self.describe(terms)
            let progress = ApprovalProgress(
                request: request, terms: terms, now: now, isAuthentic: RequestFilter.looksSigned)
            approvalSummary = progress.summary(now: now)
            tally = progress.tally
        case .rejected(let rejection):
            allowed = false
            duration = request.spec.duration ?? "the policy default"
            verdict = "refused (\(rejection.reason.rawValue)): \(rejection.message)"
        }
        reviews = Self.reviews(status?.approvals ?? [], tally: tally, now: now)
        timeline = Self.timeline(request, now: now)
        self.binding = status?.roleBinding.map {
            Binding(name: $0, subjects: binding?.subjects.map(Self.describe), note: bindingNote)
        }
        let rules = context.rules(of: request.spec.role, namespace: namespace)
        self.rules = rules.map(RuleTable.rows)
        rulesSource = Self.rulesSource(request.spec.role, found: rules != nil, context: context)
        var notes = context.notes
        if let unverified = status?.conditions?[type: .approvalsVerified], unverified.status == .false {
            notes.append("the controller ignored reviews whose signature did not verify: \(unverified.message)")
        }
        self.notes = notes
    }

    /// `allowed: at most 1h; 1 approval from group sre within 30m`.
    static func describe(_ terms: GrantTerms) -> String {
        let limit = "at most \(GoDuration.humanize(terms.maxDuration))"
        let approvals =
            terms.requiredApprovals == 0
            ? "auto-approved"
            : "\(terms.requiredApprovals) approval\(terms.requiredApprovals == 1 ? "" : "s") from \(terms.approvers) within \(GoDuration.humanize(terms.approvalTimeout))"
        return "allowed: \(limit); \(approvals)"
    }
}
