/// What the governing policy allows for one request: the input the approval state machine needs.
public struct GrantTerms: Hashable, Sendable {
    /// Name of the governing AccessPolicy (goes into `status.policy`).
    public var policy: String
    /// The effective duration: the request's own, or the policy default.
    public var duration: Duration
    /// The policy's ceiling; live grants are shortened to it when it shrinks.
    public var maxDuration: Duration
    /// Distinct non-requester approvals needed; 0 auto-approves.
    public var requiredApprovals: Int
    /// Who counts as an approver.
    public var approvers: ApproverMatcher
    /// How long a request may stay Pending.
    public var approvalTimeout: Duration
    /// What the policy allows beyond one plain grant (extensions, ...).
    public var lifecycle: LifecycleTerms
    /// Set when this grant is break-glass: granted at once, reviewed afterwards by `approvers`.
    public var breakGlass: BreakGlassTerms?
    /// How many unfinished requests the requester may have at once (this one included), and who
    /// says so; nil: no limit.
    public var activeLimit: ActiveLimit?

    /// Whether the verdict on this grant depends on the requester's other requests (the cap, or a
    /// break-glass cooldown), so callers read them only then.
    public var judgesRequesterHistory: Bool { activeLimit != nil || breakGlass?.cooldown != nil }

    /// A cap on one requester's unfinished requests.
    public struct ActiveLimit: Hashable, Sendable {
        /// At most this many at once.
        public var maximum: Int
        /// `AccessPolicy "name"`, or the controller's flag: named in refusals.
        public var source: String

        public init(maximum: Int, source: String) {
            self.maximum = maximum
            self.source = source
        }
    }

    public init(
        policy: String, duration: Duration, maxDuration: Duration, requiredApprovals: Int, approvers: ApproverMatcher,
        approvalTimeout: Duration, lifecycle: LifecycleTerms = LifecycleTerms(), breakGlass: BreakGlassTerms? = nil
    ) {
        self.policy = policy
        self.duration = duration
        self.maxDuration = maxDuration
        self.requiredApprovals = requiredApprovals
        self.approvers = approvers
        self.approvalTimeout = approvalTimeout
        self.lifecycle = lifecycle
        self.breakGlass = breakGlass
    }
}

/// The policy engine's verdict on one request.
public enum PolicyDecision: Hashable, Sendable {
    case allowed(GrantTerms)
    case rejected(Rejection)
}
