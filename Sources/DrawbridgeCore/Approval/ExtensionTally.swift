import DrawbridgeAPI
import Foundation

/// Reads the extensions of a live grant out of its recorded reviews: each `Extend` opens a round,
/// the approvals and denials that follow decide it, one round at a time.
///
/// The rules mirror `ApprovalTally`'s: only authentic records count; only the grant's requester or an
/// approver (of the grant or of extensions) may ask; only extension approvers decide, never the
/// grant's requester nor whoever asked, and each person counts once; a round that is not decided by
/// its deadline times out. An `Extend` while a round is open, or an approval with no round open,
/// counts for nothing (the webhook refuses both). Whether an approved round fits the policy's limits
/// is the planner's call: it knows the grant's times.
public struct ExtensionTally: Hashable, Sendable {
    /// One `Extend` and what followed it.
    public struct Round: Hashable, Sendable {
        /// The `Extend` record.
        public var request: ApprovalRecord
        public var duration: Duration
        /// Approvals count until this instant.
        public var deadline: KubeTime
        /// Distinct approvers of this round, in the order they approved.
        public var approvedBy: [String] = []
        public var outcome: Outcome
    }

    /// How a round ended, if it has.
    public enum Outcome: Hashable, Sendable {
        case pending
        /// Enough approvals; `at` is when the last one needed was recorded (or the ask, with none needed).
        case approved(at: KubeTime)
        case denied(ApprovalRecord)
        case timedOut
    }

    /// Every round, oldest first; at most the last one is pending.
    public private(set) var rounds: [Round] = []

    /// Tallies `records` (oldest first) for a grant requested by `requester` and approved under
    /// `grantApprovers`, with extensions decided by `terms`; rounds still open at `now` past their
    /// deadline have timed out.
    public init(
        records: [ApprovalRecord], requester: String, grantApprovers: ApproverMatcher, terms: ExtensionTerms,
        now: KubeTime, isAuthentic: (ApprovalRecord) -> Bool
    ) {
        var open: Round?
        for record in records where isAuthentic(record) {
            if var round = open, record.time > round.deadline {
                round.outcome = .timedOut
                rounds.append(round)
                open = nil
            }
            let groups = record.groups ?? []
            let decides = terms.approvers.matches(user: record.user, groups: groups) && record.user != requester
            switch record.decision {
            case .extend:
                let mayAsk =
                    record.user == requester || grantApprovers.matches(user: record.user, groups: groups)
                    || terms.approvers.matches(user: record.user, groups: groups)
                guard open == nil, mayAsk, let duration = Self.duration(of: record) else { continue }
                let deadline = KubeTime(record.time.date.addingTimeInterval(terms.timeout.timeInterval))
                var round = Round(request: record, duration: duration, deadline: deadline, outcome: .pending)
                if terms.requiredApprovals == 0 {
                    round.outcome = .approved(at: record.time)
                    rounds.append(round)
                } else {
                    open = round
                }
            case .approve:
                guard var round = open, decides, record.user != round.request.user,
                    !round.approvedBy.contains(record.user)
                else { continue }
                round.approvedBy.append(record.user)
                if round.approvedBy.count >= terms.requiredApprovals {
                    round.outcome = .approved(at: record.time)
                    rounds.append(round)
                    open = nil
                } else {
                    open = round
                }
            case .deny:
                guard var round = open, decides else { continue }
                round.outcome = .denied(record)
                rounds.append(round)
                open = nil
            case .revoke, .ratify, .reject:
                continue
            }
        }
        if var round = open {
            round.outcome = now >= round.deadline ? .timedOut : .pending
            rounds.append(round)
        }
    }

    /// The round still waiting for approvals, if any.
    public var open: Round? {
        guard let last = rounds.last, last.outcome == .pending else { return nil }
        return last
    }

    /// The extra time an `Extend` record asks for: a Go duration of at least a second, by the same
    /// rule as a request's `spec.duration`.
    public static func duration(of record: ApprovalRecord) -> Duration? {
        guard let text = record.duration, case .success(let value) = RequestValidator.duration(text) else { return nil }
        return value
    }
}
