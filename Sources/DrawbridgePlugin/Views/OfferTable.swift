import DrawbridgeAPI
import DrawbridgeCore

/// The table of `kubectl drawbridge can-request`: each role the caller may ask for, where, for how
/// long at most (and by default), how many approvals it needs, from whom, and the reason pattern;
/// or why the policy engine refuses it (e.g. `forbiddenRules`).
public enum OfferTable {
    /// One offer as `-o json` and `-o yaml` print it.
    public struct Row: Sendable, Hashable, Encodable {
        /// `ClusterRole/edit`.
        public var role: String
        /// A namespace, `*`, `labelled KEY=VALUE`, or `(cluster-wide)`.
        public var namespace: String
        /// True for a ClusterAccessRequest (`kubectl drawbridge request ROLE --cluster-wide`).
        public var clusterWide: Bool
        /// Whether the policy engine allows requesting it.
        public var allowed: Bool
        /// The governing AccessPolicy, when allowed.
        public var policy: String?
        /// The longest grant it allows.
        public var maxDuration: String?
        /// What a request without a duration gets.
        public var defaultDuration: String?
        /// Distinct approvals needed; 0 auto-approves.
        public var requiredApprovals: Int?
        /// Who may approve (`group sre`), when approvals are needed.
        public var approvers: String?
        /// How long approvers have, when approvals are needed.
        public var approvalTimeout: String?
        /// The pattern the reason must match.
        public var reasonPattern: String?
        /// The engine's reason when refused.
        public var refusal: String?

        /// The row of `offer`.
        public init(_ offer: RequestOptions.Offer) {
            role = offer.role.description
            namespace = offer.namespace
            clusterWide = offer.clusterWide
            reasonPattern = offer.reasonPattern
            switch offer.decision {
            case .allowed(let terms):
                allowed = true
                policy = terms.policy
                maxDuration = GoDuration.humanize(terms.maxDuration)
                defaultDuration = GoDuration.humanize(terms.duration)
                requiredApprovals = terms.requiredApprovals
                approvers = terms.requiredApprovals == 0 ? nil : terms.approvers.description
                approvalTimeout = terms.requiredApprovals == 0 ? nil : GoDuration.humanize(terms.approvalTimeout)
            case .rejected(let rejection):
                allowed = false
                refusal = rejection.message
            }
        }
    }

    /// `ROLE NAMESPACE MAX DEFAULT APPROVALS POLICY REQUIREMENTS`: APPROVALS is `auto` or a count;
    /// REQUIREMENTS (last, free text) names the approvers, their time limit and the reason pattern,
    /// or the refusal.
    public static func table(_ rows: [Row]) -> TextTable {
        TextTable(
            headers: ["ROLE", "NAMESPACE", "MAX", "DEFAULT", "APPROVALS", "POLICY", "REQUIREMENTS"],
            rows: rows.map { row in
                guard row.allowed else {
                    return [
                        TextTable.Cell(row.role), TextTable.Cell(row.namespace), "-", "-",
                        TextTable.Cell("refused", style: .bad), "-",
                        TextTable.Cell(row.refusal ?? ""),
                    ]
                }
                var requirements: [String] = []
                if let approvers = row.approvers {
                    requirements.append("approvers: \(approvers) within \(row.approvalTimeout ?? "")")
                }
                if let pattern = row.reasonPattern { requirements.append("reason matching \(pattern)") }
                let approvals = row.requiredApprovals.map { $0 == 0 ? "auto" : String($0) } ?? "-"
                return [
                    TextTable.Cell(row.role), TextTable.Cell(row.namespace), TextTable.Cell(row.maxDuration ?? "-"),
                    TextTable.Cell(row.defaultDuration ?? "-"),
                    TextTable.Cell(approvals, style: approvals == "auto" ? .good : nil),
                    TextTable.Cell(row.policy ?? "-"),
                    TextTable.Cell(requirements.isEmpty ? "-" : requirements.joined(separator: "; ")),
                ]
            })
    }
}
