import DrawbridgeAPI
import DrawbridgeCore
import Foundation

extension RequestExplanation {
    /// Every recorded review with, for those that did not count, the tally's reason in words.
    static func reviews(_ records: [ApprovalRecord], tally: ApprovalTally?, now: Date) -> [ReviewLine] {
        var ignored = tally?.ignored ?? []
        return records.map { record in
            var because: String?
            if let index = ignored.firstIndex(where: { $0.record == record }) {
                because = words(ignored[index].reason)
                ignored.remove(at: index)
            } else if tally == nil, record.decision != .revoke {
                because = "no AccessPolicy governs the request, so no review counts"
            }
            return ReviewLine(
                user: record.user, decision: record.decision.rawValue,
                time: "\(HumanDuration.format(now.timeIntervalSince(record.time.date))) ago",
                comment: record.comment.flatMap { $0.isEmpty ? nil : $0 }, ignoredBecause: because)
        }
    }

    /// Why the tally set a review aside, for people.
    static func words(_ reason: ApprovalTally.Ignored) -> String {
        switch reason {
        case .selfReview: "the requester's own review never counts"
        case .notAnApprover: "not an approver under the governing policy"
        case .duplicate: "this reviewer's approval already counted"
        case .afterDeadline: "recorded after the approval deadline"
        case .unauthentic: "not signed by Drawbridge's admission webhook"
        }
    }

    /// The request's life so far and what comes next, with ages as kubectl prints them.
    static func timeline(_ request: AccessRequest, now: Date) -> [String] {
        func ago(_ time: KubeTime) -> String { "\(HumanDuration.format(now.timeIntervalSince(time.date))) ago" }
        var lines: [String] = []
        if let created = request.metadata.creationTimestamp { lines.append("created \(ago(created)) (\(created))") }
        let status = request.status
        if let granted = status?.grantedAt { lines.append("granted \(ago(granted)) (\(granted))") }
        if let expiresAt = status?.expiresAt {
            let left = expiresAt.date.timeIntervalSince(now)
            switch status?.phase {
            case .active?, .approved?:
                lines.append("expires in \(HumanDuration.format(max(0, left))) (\(expiresAt))")
            case .expired?:
                lines.append("expired \(ago(expiresAt)) (\(expiresAt))")
            default:
                lines.append("was to expire at \(expiresAt)")
            }
        }
        return lines
    }

    /// Where the rules shown come from, or why there are none.
    static func rulesSource(_ role: RoleReference, found: Bool, context: PolicyContext) -> String {
        guard found else {
            if role.kind == ClusterRole.kind, case .kubernetesDefaults(let reason) = context.clusterRoleSource {
                return "unknown: \(reason), and \(role) is not one of Kubernetes' defaults"
            }
            return "unknown: \(role) does not exist or could not be read"
        }
        if role.kind == Role.kind { return "\(role)" }
        switch context.clusterRoleSource {
        case .cluster:
            return "\(role), aggregation resolved"
        case .kubernetesDefaults(let reason):
            return "\(role) as Kubernetes defines it by default: \(reason), and the cluster's may differ"
        }
    }

    /// `User "alice"`, `ServiceAccount ci/deployer`.
    static func describe(_ subject: Subject) -> String {
        switch subject.kind {
        case .serviceAccount: "ServiceAccount \(subject.namespace ?? "")/\(subject.name)"
        default: "\(subject.kind.rawValue) \"\(subject.name)\""
        }
    }
}
