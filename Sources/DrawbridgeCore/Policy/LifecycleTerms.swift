import DrawbridgeAPI

/// What a policy allows beyond one plain grant, compiled once with the policy: extensions of live
/// grants, break-glass, scheduled starts and per-requester limits. Part of `GrantTerms`, so the
/// planner and the webhook judge by the same numbers.
public struct LifecycleTerms: Hashable, Sendable {
    /// How live grants may be extended; nil: never.
    public var extensionTerms: ExtensionTerms?

    public init(extensionTerms: ExtensionTerms? = nil) {
        self.extensionTerms = extensionTerms
    }
}

/// A policy's `extension`, parsed: how much in total, how many times, whose approval.
public struct ExtensionTerms: Hashable, Sendable {
    /// No grant may last longer than this from grantedAt to expiresAt, extensions included.
    public var maxTotal: Duration
    /// Extensions one grant may get.
    public var maxExtensions: Int
    /// Distinct approvals an extension needs (never by the grant's requester or whoever asked); 0
    /// extends at once.
    public var requiredApprovals: Int
    /// Who approves extensions (the policy's approvers unless `extension.approval` names others).
    public var approvers: ApproverMatcher
    /// How long an extension may wait for its approvals.
    public var timeout: Duration

    public init(
        maxTotal: Duration, maxExtensions: Int, requiredApprovals: Int, approvers: ApproverMatcher, timeout: Duration
    ) {
        self.maxTotal = maxTotal
        self.maxExtensions = maxExtensions
        self.requiredApprovals = requiredApprovals
        self.approvers = approvers
        self.timeout = timeout
    }

    /// `1 approval from group sre within 15m` or `no approval`, for messages.
    public var approvalText: String {
        requiredApprovals == 0
            ? "no approval"
            : "\(requiredApprovals) approval\(requiredApprovals == 1 ? "" : "s") from \(approvers) within \(GoDuration.humanize(timeout))"
    }
}
