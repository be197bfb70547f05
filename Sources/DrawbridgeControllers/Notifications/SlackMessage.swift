import DrawbridgeAPI
import DrawbridgeCore
import Foundation

/// A notification as a Slack incoming-webhook message in Block Kit: a headline, who, what role
/// where, for how long, why, under which policy, the approvals still needed, and the exact commands
/// to act on it. No buttons: approval happens where the API server stamps identity, so the message
/// gives commands, not links that approve.
///
/// Everything a requester wrote is escaped for Slack's mrkdwn (`&`, `<`, `>`), so a reason cannot
/// mention `@channel` or smuggle a link.
public enum SlackMessage {
    /// The JSON body for `event`.
    public static func body(for event: NotificationEvent) throws -> [UInt8] {
        Array(try JSONCoding.encoder.encode(payload(for: event)))
    }

    /// The message as JSON.
    public static func payload(for event: NotificationEvent) -> JSONValue {
        let clusterWide = event.request.kind != nil
        let headline = "\(title(event.action)): \(event.role) \(clusterWide ? "cluster-wide" : "in \(event.namespace)")"
        var fields: [JSONValue] = [
            field("Who", event.subject ?? event.requester ?? "unknown"),
            field("Role", "\(event.role) \(clusterWide ? "cluster-wide" : "in namespace \(event.namespace)")"),
            field("For", event.duration ?? "the policy's default"),
            field("Policy", event.policy ?? "none"),
        ]
        if let required = event.approvals.required {
            fields.append(field("Approvals", approvals(event.approvals, required: required)))
        }
        if let expiresAt = event.expiresAt, event.phase == "Active" || event.phase == "Approved" {
            fields.append(field("Expires", expiresAt.description))
        }
        var blocks: [JSONValue] = [
            .object(["type": "header", "text": plain(headline)]),
            .object(["type": "section", "text": mrkdwn(escape(event.message))]),
            .object(["type": "section", "fields": .array(fields)]),
            .object(["type": "section", "text": mrkdwn("*Why*\n\(escape(event.reason ?? "(no reason given)"))")]),
        ]
        blocks.append(.object(["type": "section", "text": mrkdwn(commands(event.commands))]))
        blocks.append(
            .object([
                "type": "context",
                "elements": .array([
                    mrkdwn(
                        "\(requestName(event.request)) · \(event.phase ?? "new") · id \(event.id)"
                    )
                ]),
            ]))
        return .object(["text": .string(escape("\(headline). \(event.message)")), "blocks": .array(blocks)])
    }

    /// The headline word for an action.
    static func title(_ action: String) -> String {
        switch action {
        case "Requested": "Access requested"
        case "Approved": "Access approved"
        case "Granted": "Access granted"
        case "Denied": "Access denied"
        case "ExpiringSoon": "Access expiring soon"
        case "Expired": "Access expired"
        case "Revoked": "Access revoked"
        case "TimedOut": "Request timed out"
        case "Rejected": "Request rejected"
        case "BreakGlassGranted": "Glass broken: access granted without approval"
        case "BreakGlassRatified": "Break-glass access ratified"
        case "BreakGlassRejected": "Break-glass access rejected"
        case "BreakGlassReviewOverdue": "Break-glass review overdue"
        default: "AccessRequest \(action)"
        }
    }

    static func approvals(_ approvals: NotificationEvent.Approvals, required: Int) -> String {
        var text = "\(approvals.approvedBy.count) of \(required)"
        if !approvals.approvedBy.isEmpty { text += " (\(approvals.approvedBy.joined(separator: ", ")))" }
        if approvals.stillNeeded > 0 {
            text += ", \(approvals.stillNeeded) still needed"
            if let approvers = approvals.approvers { text += " from \(approvers)" }
        }
        return text
    }

    /// The commands as code blocks, the most useful first.
    static func commands(_ commands: NotificationEvent.Commands) -> String {
        var lines: [String] = []
        if let approve = commands.approve {
            lines.append("*Approve* with the kubectl plugin:\n```\(approve)```")
        }
        if let patch = commands.approveWithPatch {
            lines.append("or with kubectl alone:\n```\(escape(patch))```")
        }
        if let deny = commands.deny { lines.append("*Deny*:\n```\(deny)```") }
        if let revoke = commands.revoke { lines.append("*Revoke* early:\n```\(revoke)```") }
        lines.append("*Details*:\n```\(commands.describe)```")
        return lines.joined(separator: "\n")
    }

    static func field(_ name: String, _ value: String) -> JSONValue { mrkdwn("*\(name)*\n\(escape(value))") }

    static func mrkdwn(_ text: String) -> JSONValue { .object(["type": "mrkdwn", "text": .string(text)]) }

    /// Header blocks take plain text, at most 150 characters.
    static func plain(_ text: String) -> JSONValue {
        .object(["type": "plain_text", "text": .string(String(text.prefix(150)))])
    }

    /// `AccessRequest demo/alice-edit` or `ClusterAccessRequest alice-nodes`, escaped.
    static func requestName(_ request: NotificationEvent.RequestRef) -> String {
        escape(AccessRequest.displayName(of: request.key))
    }

    /// Slack's three control characters in mrkdwn.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
