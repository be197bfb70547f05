import DrawbridgeAPI

/// The review of a break-glass grant, read from its recorded reviews: the first authentic `Ratify`
/// or `Reject` by one of the policy's approvers who is not the requester decides it; nothing after
/// it changes it (the webhook refuses a second review).
public struct BreakGlassReview: Hashable, Sendable {
    /// What the review decided.
    public enum Verdict: Hashable, Sendable {
        case ratified(ApprovalRecord)
        case rejected(ApprovalRecord)

        /// The record that decided it.
        public var record: ApprovalRecord {
            switch self {
            case .ratified(let record), .rejected(let record): record
            }
        }
    }

    /// Nil while nobody has reviewed it.
    public private(set) var verdict: Verdict?

    public init(
        records: [ApprovalRecord], requester: String, reviewers: ApproverMatcher,
        isAuthentic: (ApprovalRecord) -> Bool
    ) {
        for record in records where record.decision == .ratify || record.decision == .reject {
            guard isAuthentic(record), record.user != requester,
                reviewers.matches(user: record.user, groups: record.groups ?? [])
            else { continue }
            verdict = record.decision == .ratify ? .ratified(record) : .rejected(record)
            return
        }
    }
}
