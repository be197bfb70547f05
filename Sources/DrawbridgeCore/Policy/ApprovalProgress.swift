import DrawbridgeAPI
import Foundation

/// Where a request stands with its approvals under the governing policy's terms: who counted, who
/// did not and why, how many are still needed and until when.
///
/// Requesters want to know "what does it still need?" and approvers "is mine the last one?". The
/// counting is `ApprovalTally`'s, with the deadline the controller uses (creation plus the
/// policy's approval timeout), so the answer matches what the controller will do.
public struct ApprovalProgress: Hashable, Sendable {
    /// The recorded reviews, counted as the controller counts them.
    public var tally: ApprovalTally
    /// Distinct approvals the governing policy requires; 0 auto-approves.
    public var required: Int
    /// Who counts as an approver.
    public var approvers: ApproverMatcher
    /// When approvals stop counting: the request's creation plus the policy's approval timeout.
    public var deadline: Date

    /// The progress of `request` under `terms`. `isAuthentic` says which records to trust (the
    /// controller checks signatures; a client without the key can only see whether one is present).
    public init(
        request: AccessRequest, terms: GrantTerms, now: Date, isAuthentic: (ApprovalRecord) -> Bool
    ) {
        let created = request.metadata.creationTimestamp?.date ?? now
        deadline = created.addingTimeInterval(Self.seconds(terms.approvalTimeout))
        required = terms.requiredApprovals
        approvers = terms.approvers
        tally = ApprovalTally(
            records: request.status?.approvals ?? [], requester: request.spec.requester?.username ?? "",
            approvers: terms.approvers, deadline: KubeTime(deadline), isAuthentic: isAuthentic)
    }

    /// Approvals still missing (0 once enough have counted).
    public var remaining: Int { max(0, required - tally.approvedBy.count) }

    /// What it still needs, as one clause: `needs 1 approval from group sre within 30m`,
    /// `needs 1 more approval from group sre within 12m (approved so far: bob)`, `auto-approved`,
    /// `approved by bob`, `denied by carol`, `no approval can count any more: the window closed 5m ago`.
    public func summary(now: Date) -> String {
        if required == 0 { return "auto-approved (the policy needs no approval)" }
        if let denial = tally.denial { return "denied by \(denial.user)" }
        if remaining == 0 { return "approved by \(tally.approvedBy.joined(separator: ", "))" }
        let left = deadline.timeIntervalSince(now)
        guard left > 0 else {
            return "no approval can count any more: the approval window closed \(Self.humanize(-left)) ago"
        }
        let more = tally.approvedBy.isEmpty ? "" : " more"
        let noun = remaining == 1 ? "approval" : "approvals"
        let sofar = tally.approvedBy.isEmpty ? "" : " (approved so far: \(tally.approvedBy.joined(separator: ", ")))"
        return "needs \(remaining)\(more) \(noun) from \(approvers) within \(Self.humanize(left))\(sofar)"
    }

    /// Seconds as the short Go form (`29m55s`, `30m`), rounded up to whole seconds: a request made a
    /// moment ago under a 30m timeout still reads "within 30m", not "within 29m59s".
    static func humanize(_ seconds: TimeInterval) -> String {
        GoDuration.humanize(.seconds(max(1, Int64(seconds.rounded(.up)))))
    }

    /// A `Duration` in seconds, for date arithmetic.
    static func seconds(_ duration: Duration) -> TimeInterval {
        let (whole, fraction) = duration.components
        return TimeInterval(whole) + TimeInterval(fraction) / 1e18
    }
}
