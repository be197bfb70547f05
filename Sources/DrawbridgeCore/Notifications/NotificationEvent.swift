import DrawbridgeAPI
import Foundation

/// What a notification says: the `data` of a webhook's CloudEvent and the facts of a Slack message.
/// Its JSON form is the documented schema (`$defs/data` of docs/notifications.schema.json).
///
/// `action`, `time` and `message` are the transition's own (from the ledger); everything about the
/// request is read when the notification is sent, so a notification that waited for a receiver
/// shows where the request stands now (its `phase`), next to what happened then.
public struct NotificationEvent: Codable, Hashable, Sendable {
    /// The audit record's id: receivers drop a notification whose id they have seen.
    public var id: String
    /// `Requested`, `Approved`, ..., `ExpiringSoon`.
    public var action: String
    public var time: KubeTime
    /// The sentence the audit record and the Event say.
    public var message: String
    public var request: RequestRef
    /// The requester's username.
    public var requester: String?
    /// The grant's subject (`User "alice"`, `ServiceAccount ci/deployer`).
    public var subject: String?
    /// `ClusterRole/edit`.
    public var role: String
    /// The namespace the role is granted in (the request's); empty for a ClusterAccessRequest.
    public var namespace: String
    /// The duration as asked (nil: the policy's default).
    public var duration: String?
    /// Why access is needed, as the requester wrote it.
    public var reason: String?
    /// The governing AccessPolicy.
    public var policy: String?
    /// The request's phase when the notification was sent.
    public var phase: String?
    public var approvals: Approvals
    public var grantedAt: KubeTime?
    public var expiresAt: KubeTime?
    /// Commands that act on the request, for the people notified.
    public var commands: Commands

    /// Which AccessRequest (or ClusterAccessRequest).
    public struct RequestRef: Codable, Hashable, Sendable {
        /// Empty for a ClusterAccessRequest.
        public var namespace: String
        public var name: String
        public var uid: String
        /// `ClusterAccessRequest` for a cluster-wide request; absent for an AccessRequest.
        public var kind: String?

        /// The request's key: without a namespace for a ClusterAccessRequest.
        public var key: ObjectKey { ObjectKey(namespace: kind == nil ? namespace : nil, name: name) }
    }

    /// Approvals so far and still needed.
    public struct Approvals: Codable, Hashable, Sendable {
        /// Distinct approvals the governing policy requires (nil when no valid policy governs it).
        public var required: Int?
        /// Approvers whose approval counts, in the order they approved.
        public var approvedBy: [String]
        /// `required` minus those counted, never below zero.
        public var stillNeeded: Int
        /// Who may approve (`group sre or user carol`).
        public var approvers: String?
    }

    /// Copy-paste commands for the people notified; approval happens where the API server stamps
    /// identity, never through a link in a notification.
    public struct Commands: Codable, Hashable, Sendable {
        /// With the kubectl plugin, for a request that waits for approval.
        public var approve: String?
        /// The same with kubectl alone (a status patch).
        public var approveWithPatch: String?
        public var deny: String?
        /// For a live grant.
        public var revoke: String?
        public var describe: String
    }

    /// The event for `notification` about `request` (as it is now), governed by `policy` if any.
    /// `isAuthentic` says which approval records count (those the webhook signed).
    public static func make(
        _ notification: OwedNotification, request: AccessRequest, policy: CompiledPolicy?,
        isAuthentic: (ApprovalRecord) -> Bool
    ) -> NotificationEvent {
        let status = request.status
        let name = request.metadata.name ?? ""
        let namespace = request.metadata.namespace ?? ""
        let tally = ApprovalTally(
            records: status?.approvals ?? [], requester: request.spec.requester?.username ?? "",
            approvers: policy?.approvers ?? ApproverMatcher(), deadline: nil, isAuthentic: isAuthentic)
        let required = policy?.spec.approval.required
        return NotificationEvent(
            id: notification.id, action: notification.action, time: notification.record.time,
            message: notification.record.message ?? "",
            request: RequestRef(
                namespace: namespace, name: name, uid: request.metadata.uid ?? "",
                kind: request.isClusterWide ? ClusterAccessRequest.kind : nil),
            requester: request.spec.requester?.username,
            subject: GrantBinding.subject(for: request.spec.requester).map(GrantBinding.describe),
            role: request.spec.role.description, namespace: namespace, duration: request.spec.duration,
            reason: request.spec.reason, policy: status?.policy, phase: status?.phase?.rawValue,
            approvals: Approvals(
                required: required, approvedBy: tally.approvedBy,
                stillNeeded: max(0, (required ?? 0) - tally.approvedBy.count),
                approvers: policy.map { $0.approvers.description }),
            grantedAt: status?.grantedAt, expiresAt: status?.expiresAt,
            commands: request.isClusterWide
                ? clusterCommands(name: name, phase: status?.phase)
                : commands(name: name, namespace: namespace, phase: status?.phase))
    }

    /// `kubectl patch RESOURCE TARGET` with a review of `decision`.
    static func review(_ decision: ReviewDecision, resource: String, target: String) -> String {
        "kubectl patch \(resource) \(target) --subresource=status --type=merge -p '{\"status\":{\"review\":{\"decision\":\"\(decision.rawValue)\",\"comment\":\"...\"}}}'"
    }

    /// What the notified can do next about a request in `phase`.
    static func commands(name: String, namespace: String, phase: AccessRequestPhase?) -> Commands {
        let target = "\(name) -n \(namespace)"
        var commands = Commands(describe: "kubectl describe accessrequest \(target)")
        switch phase {
        case .pending?:
            commands.approve = "kubectl drawbridge approve \(target)"
            commands.approveWithPatch = review(.approve, resource: "accessrequest", target: target)
            commands.deny = "kubectl drawbridge deny \(target)"
        case .approved?, .active?:
            commands.revoke = "kubectl drawbridge revoke \(target)"
        default:
            break
        }
        return commands
    }

    /// The same for a ClusterAccessRequest, which the kubectl plugin does not handle yet: every
    /// command is plain kubectl.
    static func clusterCommands(name: String, phase: AccessRequestPhase?) -> Commands {
        let resource = "clusteraccessrequest"
        var commands = Commands(describe: "kubectl describe \(resource) \(name)")
        switch phase {
        case .pending?:
            commands.approveWithPatch = review(.approve, resource: resource, target: name)
            commands.deny = review(.deny, resource: resource, target: name)
        case .approved?, .active?:
            commands.revoke = review(.revoke, resource: resource, target: name)
        default:
            break
        }
        return commands
    }
}
