import DrawbridgeAPI
import DrawbridgeCore
import Foundation

/// The tables of `kubectl drawbridge ls`: every request with its phase and time left, or, for
/// `--to-review`, what a reviewer needs to decide (approvals so far against those needed, how long
/// it has waited, and the requester's reason).
public enum RequestTable {
    /// `[NAMESPACE] NAME REQUESTER ROLE DURATION PHASE APPROVALS EXPIRES AGE`.
    public static func standard(_ requests: [AccessRequest], allNamespaces: Bool, now: Date) -> TextTable {
        var headers = ["NAME", "REQUESTER", "ROLE", "DURATION", "PHASE", "APPROVALS", "EXPIRES", "AGE"]
        if allNamespaces { headers.insert("NAMESPACE", at: 0) }
        let rows = requests.map { request -> [TextTable.Cell] in
            let phase = request.status?.phase
            var row: [TextTable.Cell] = [
                TextTable.Cell(name(request)), TextTable.Cell(requester(request)),
                TextTable.Cell(request.spec.role.description), TextTable.Cell(duration(request)),
                TextTable.Cell(phase?.rawValue ?? "New", style: Colorizer.style(of: phase)),
                TextTable.Cell(String(approvals(request))), TextTable.Cell(expires(request, now: now)),
                TextTable.Cell(age(request, now: now)),
            ]
            if allNamespaces { row.insert(TextTable.Cell(request.metadata.namespace ?? ""), at: 0) }
            return row
        }
        return TextTable(headers: headers, rows: rows)
    }

    /// `[NAMESPACE] NAME REQUESTER ROLE DURATION APPROVALS WAITING REASON`, for `--to-review`:
    /// APPROVALS counts those that count against those the governing policy needs.
    public static func review(
        _ requests: [AccessRequest], allNamespaces: Bool, context: PolicyContext, now: Date
    ) -> TextTable {
        var headers = ["NAME", "REQUESTER", "ROLE", "DURATION", "APPROVALS", "WAITING", "REASON"]
        if allNamespaces { headers.insert("NAMESPACE", at: 0) }
        let rows = requests.map { request -> [TextTable.Cell] in
            var counted = "?"
            if case .allowed(let terms) = context.evaluate(request) {
                let progress = ApprovalProgress(
                    request: request, terms: terms, now: now, isAuthentic: RequestFilter.looksSigned)
                counted = "\(progress.tally.approvedBy.count)/\(progress.required)"
            }
            var row: [TextTable.Cell] = [
                TextTable.Cell(name(request)), TextTable.Cell(requester(request)),
                TextTable.Cell(request.spec.role.description), TextTable.Cell(duration(request)),
                TextTable.Cell(counted), TextTable.Cell(age(request, now: now)),
                TextTable.Cell(oneLine(request.spec.reason ?? "")),
            ]
            if allNamespaces { row.insert(TextTable.Cell(request.metadata.namespace ?? ""), at: 0) }
            return row
        }
        return TextTable(headers: headers, rows: rows)
    }

    /// The name as the review commands take it: `car/NAME` for a ClusterAccessRequest (which has
    /// no namespace, so its NAMESPACE cell is empty), the bare name for an AccessRequest.
    static func name(_ request: AccessRequest) -> String {
        RequestReference(request).argument
    }

    /// The stamped requester, or `<unknown>` before the webhook has stamped one.
    static func requester(_ request: AccessRequest) -> String {
        let name = request.spec.requester?.username ?? ""
        return name.isEmpty ? "<unknown>" : name
    }

    /// The requested duration, or `default` when the policy's default applies.
    static func duration(_ request: AccessRequest) -> String {
        request.spec.duration ?? "default"
    }

    /// Distinct reviewers with a signed Approve on record.
    static func approvals(_ request: AccessRequest) -> Int {
        Set(
            (request.status?.approvals ?? []).filter { $0.decision == .approve && RequestFilter.looksSigned($0) }
                .map(\.user)
        ).count
    }

    /// `in 29m` while a grant is live, `-` otherwise.
    static func expires(_ request: AccessRequest, now: Date) -> String {
        guard request.status?.phase == .active || request.status?.phase == .approved,
            let expiresAt = request.status?.expiresAt
        else { return "-" }
        return "in \(HumanDuration.format(max(0, expiresAt.date.timeIntervalSince(now))))"
    }

    /// The request's age, as kubectl prints ages.
    static func age(_ request: AccessRequest, now: Date) -> String {
        guard let created = request.metadata.creationTimestamp else { return "<unknown>" }
        return HumanDuration.format(now.timeIntervalSince(created.date))
    }

    /// Newlines and tabs flattened, so a reason cannot break the table.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }
}
