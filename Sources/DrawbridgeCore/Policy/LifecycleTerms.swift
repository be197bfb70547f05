import DrawbridgeAPI
import Foundation

/// What a policy allows beyond one plain grant, compiled once with the policy: extensions of live
/// grants, break-glass, scheduled starts and per-requester limits. Part of `GrantTerms`, so the
/// planner and the webhook judge by the same numbers.
public struct LifecycleTerms: Hashable, Sendable {
    /// How live grants may be extended; nil: never.
    public var extensionTerms: ExtensionTerms?
    /// Who may break glass, and how it is reviewed; nil: nobody.
    public var breakGlass: BreakGlassTerms?
    /// How far ahead `spec.startAt` may be; nil: no scheduled starts.
    public var maxLeadTime: Duration?

    public init(extensionTerms: ExtensionTerms? = nil, breakGlass: BreakGlassTerms? = nil) {
        self.extensionTerms = extensionTerms
        self.breakGlass = breakGlass
    }
}

/// A policy's `breakGlass`, parsed. Reviewers are the policy's approvers.
public struct BreakGlassTerms: Hashable, Sendable {
    /// Who may break glass.
    public var requesters: RequesterSelector
    /// No break-glass grant lasts longer.
    public var maxDuration: Duration
    /// An approver must ratify or reject a break-glass grant this long after it was granted.
    public var reviewWithin: Duration
    /// One person breaks glass at most once per this long; nil: no limit.
    public var cooldown: Duration?

    public init(requesters: RequesterSelector, maxDuration: Duration, reviewWithin: Duration, cooldown: Duration?) {
        self.requesters = requesters
        self.maxDuration = maxDuration
        self.reviewWithin = reviewWithin
        self.cooldown = cooldown
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
}

extension ExtensionTerms {
    /// A limit an extension would break.
    public enum Breach: Hashable, Sendable {
        /// `maxExtensions` extensions were applied already.
        case count(done: Int)
        /// The grant would last `total`, beyond `maxTotal`; `room` is what is left.
        case total(Duration, room: Duration)
    }

    /// Which limit extending a grant (from `grantedAt` to `expiresAt`, `done` extensions applied) by
    /// `asked` would break; nil when it fits. The webhook asks it of an Extend, the planner of an
    /// approved one, so the two never disagree.
    public func breach(done: Int, grantedAt: KubeTime, expiresAt: KubeTime, asked: Duration) -> Breach? {
        guard done < maxExtensions else { return .count(done: done) }
        let sofar = Duration(timeInterval: expiresAt.date.timeIntervalSince(grantedAt.date))
        guard sofar + asked <= maxTotal else {
            return .total(sofar + asked, room: maxTotal > sofar ? maxTotal - sofar : .zero)
        }
        return nil
    }
}
