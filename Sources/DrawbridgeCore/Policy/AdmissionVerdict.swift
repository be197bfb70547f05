import DrawbridgeAPI

/// The verdict on an allowed request in one line, as the admission webhook returns it for kubectl
/// to print (`Warning: ...`) on `apply` and `--dry-run=server`: which policy governs it and what it
/// still needs, so a requester learns at once whom to ask and for how long, not after the fact.
public enum AdmissionVerdict {
    /// `governed by developers-edit-demo: ClusterRole/edit for 30m (at most 1h), needs 1 approval
    /// from group sre within 30m`, with the break-glass review, extensions and the limit on
    /// unfinished requests when they apply.
    public static func text(_ terms: GrantTerms, role: RoleReference) -> String {
        var text =
            "governed by \(terms.policy): \(role) for \(GoDuration.humanize(terms.duration)) (at most \(GoDuration.humanize(terms.maxDuration)))"
        if let breakGlass = terms.breakGlass {
            text +=
                ", break-glass: granted at once without approval, and \(terms.approvers) must ratify or reject it within \(GoDuration.humanize(breakGlass.reviewWithin))"
        } else if terms.requiredApprovals == 0 {
            text += ", auto-approved"
        } else {
            let approvals = terms.requiredApprovals == 1 ? "1 approval" : "\(terms.requiredApprovals) approvals"
            text += ", needs \(approvals) from \(terms.approvers) within \(GoDuration.humanize(terms.approvalTimeout))"
        }
        if let extensions = terms.lifecycle.extensionTerms {
            text +=
                "; extendable to \(GoDuration.humanize(extensions.maxTotal)) in all (\(extensions.maxExtensions) time(s) at most)"
        }
        if let limit = terms.activeLimit {
            text += "; at most \(limit.maximum) unfinished request(s) per requester"
        }
        return text
    }
}
