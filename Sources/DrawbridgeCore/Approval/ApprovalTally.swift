import DrawbridgeAPI

/// Counts the recorded reviews of one request under its policy's terms.
///
/// The rules that keep approvals honest live here: a requester's own review never counts, one person
/// counts once however many groups they are in, only approvers count, reviews after the approval
/// deadline do not count, and records that fail authentication (see `isAuthentic`) count for nothing.
public struct ApprovalTally: Hashable, Sendable {
    /// Why a recorded review was not counted.
    public enum Ignored: String, Hashable, Sendable {
        /// The requester reviewed their own request.
        case selfReview = "SelfReview"
        /// The reviewer is not an approver under the governing policy.
        case notAnApprover = "NotAnApprover"
        /// The same person already approved.
        case duplicate = "Duplicate"
        /// Recorded after the approval deadline.
        case afterDeadline = "AfterDeadline"
        /// The record's signature did not verify: it did not come through the webhook.
        case unauthentic = "Unauthentic"
    }

    /// Distinct approvers whose approval counts, in the order they approved.
    public var approvedBy: [String] = []
    /// The first valid Deny, if any.
    public var denial: ApprovalRecord?
    /// The first valid Revoke, if any (by an approver or by the requester).
    public var revocation: ApprovalRecord?
    /// Every record that did not count, with the reason.
    public var ignored: [IgnoredRecord] = []

    /// One record that did not count.
    public struct IgnoredRecord: Hashable, Sendable {
        public var record: ApprovalRecord
        public var reason: Ignored
    }

    /// Tallies `records` (oldest first). `deadline` bounds Approve and Deny, not Revoke.
    public init(
        records: [ApprovalRecord], requester: String, approvers: ApproverMatcher, deadline: KubeTime?,
        isAuthentic: (ApprovalRecord) -> Bool
    ) {
        var counted = Set<String>()
        // Approvals and denials after the first Extend decide extensions (`ExtensionTally`), not the
        // grant: the webhook admits an Extend only once the grant is live.
        var extending = false
        for record in records {
            guard isAuthentic(record) else {
                ignored.append(IgnoredRecord(record: record, reason: .unauthentic))
                continue
            }
            let isRequester = record.user == requester
            let isApprover = approvers.matches(user: record.user, groups: record.groups ?? [])
            switch record.decision {
            case .extend:
                extending = true
            case .ratify, .reject:
                continue  // the review of a break-glass grant (`BreakGlassReview`)
            case .approve where extending, .deny where extending:
                continue
            case .revoke:
                // The requester may give up their own grant; approvers may take it away.
                guard isRequester || isApprover else {
                    ignored.append(IgnoredRecord(record: record, reason: .notAnApprover))
                    continue
                }
                if revocation == nil { revocation = record }
            case .approve, .deny:
                if isRequester {
                    ignored.append(IgnoredRecord(record: record, reason: .selfReview))
                } else if !isApprover {
                    ignored.append(IgnoredRecord(record: record, reason: .notAnApprover))
                } else if let deadline, record.time > deadline {
                    ignored.append(IgnoredRecord(record: record, reason: .afterDeadline))
                } else if record.decision == .deny {
                    if denial == nil { denial = record }
                } else if counted.contains(record.user) {
                    ignored.append(IgnoredRecord(record: record, reason: .duplicate))
                } else {
                    counted.insert(record.user)
                    approvedBy.append(record.user)
                }
            }
        }
    }
}
