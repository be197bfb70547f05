import DrawbridgeAPI
import Foundation

/// Objects with every optional member set and every list non-empty, so that encoding them produces
/// every field the Swift types know about.
enum FullyPopulated {
    static let time = KubeTime(Date(timeIntervalSince1970: 1_800_000_000))

    static let condition = Condition(
        type: "Ready", status: .true, reason: "Granted", message: "Access is live.", lastTransitionTime: time,
        observedGeneration: 2)

    static var accessRequest: AccessRequest {
        var spec = AccessRequestSpec(
            role: RoleReference(kind: "ClusterRole", name: "edit"), duration: "30m",
            reason: "INC-4242: roll back the checkout deployment",
            requester: UserIdentity(username: "alice", uid: "u-1", groups: ["developers"], signature: "sig-r"))
        spec.breakGlass = true
        spec.startAt = time
        var status = AccessRequestStatus(phase: .active)
        status.policy = "developers-edit-demo"
        status.review = Review(decision: .extend, comment: "ok", duration: "15m")
        status.approvals = [
            ApprovalRecord(
                user: "bob", groups: ["sre"], decision: .extend, comment: "ok", time: time, signature: "sig-a",
                duration: "15m")
        ]
        status.extensions = [
            GrantExtension(
                requestedBy: "alice", requestedAt: time, duration: "15m", state: .extended, approvedBy: ["bob"],
                decidedAt: time, expiresAt: KubeTime(time.date.addingTimeInterval(2700)),
                message: "Grant extended by 15m.")
        ]
        status.grantedAt = time
        status.expiresAt = KubeTime(time.date.addingTimeInterval(1800))
        status.roleBinding = "drawbridge-alice-edit-demo"
        status.conditions = [condition]
        status.message = "Access is live until 2027-01-15T08:30:00Z."
        status.observedGeneration = 2
        status.notifications = [
            "0123456789abcdef0123456789abcdef": NotificationRecord(
                action: "Granted", time: time, message: "ClusterRole/edit bound.", channels: ["oncall"],
                deliveries: [
                    "oncall": NotificationDelivery(
                        result: NotificationDelivery.failed, time: time, attempts: 1, message: "HTTP 404")
                ])
        ]
        return AccessRequest(
            metadata: ObjectMeta(name: "alice-edit-demo", namespace: "demo"), spec: spec, status: status)
    }

    static var accessPolicy: AccessPolicy {
        let spec = AccessPolicySpec(
            requesters: RequesterSelector(
                users: ["alice"], groups: ["developers"],
                serviceAccounts: [.init(namespace: "ci", name: "deployer")]),
            namespaces: NamespaceSelector(
                names: ["demo"],
                selector: LabelSelector(
                    matchLabels: ["team": "checkout"],
                    matchExpressions: [.init(key: "env", operator: .in, values: ["dev", "staging"])])),
            roles: [RoleReference(kind: "ClusterRole", name: "edit")],
            defaultDuration: "30m", maxDuration: "1h", reasonPattern: "(INC|CHG)-[0-9]+",
            approval: ApprovalSettings(
                required: 1, approvers: ApproverSelector(users: ["carol"], groups: ["sre"]), timeout: "30m"),
            forbiddenRules: [
                PolicyRule(
                    verbs: ["escalate"], apiGroups: ["*"], resources: ["*"], resourceNames: ["x"],
                    nonResourceURLs: ["/healthz"])
            ])
        var lifecycle = spec
        lifecycle.notify = [NotificationRoute(channel: "oncall", on: ["Requested"], expiringSoonPercent: 20)]
        lifecycle.maxActivePerRequester = 3
        // Namespaced, written out: the CRD declares the field and the Swift type must write it.
        lifecycle.scope = .namespaced
        lifecycle.maxLeadTime = "168h"
        lifecycle.breakGlass = BreakGlassSettings(
            requesters: RequesterSelector(
                users: ["alice"], groups: ["sre"], serviceAccounts: [.init(namespace: "ops", name: "pager")]),
            maxDuration: "1h", reviewWithin: "24h", cooldown: "24h")
        lifecycle.extension = ExtensionSettings(
            maxTotal: "4h", maxExtensions: 2,
            approval: ApprovalSettings(
                required: 1, approvers: ApproverSelector(users: ["erin"], groups: ["sre"]), timeout: "15m"))
        return AccessPolicy(
            metadata: ObjectMeta(name: "developers-edit-demo"), spec: lifecycle,
            status: AccessPolicyStatus(conditions: [condition], observedGeneration: 3))
    }

    static var notificationChannel: NotificationChannel {
        let attempt = NotificationAttempt(
            time: time, id: "0123456789abcdef0123456789abcdef", action: "Granted", request: "demo/alice-edit-demo",
            message: "HTTP 503")
        return NotificationChannel(
            metadata: ObjectMeta(name: "oncall"),
            spec: NotificationChannelSpec(
                type: NotificationChannelSpec.webhook, secretRef: SecretReference(name: "oncall-webhook"),
                webhook: WebhookChannelSettings(contentMode: WebhookChannelSettings.binary), allowInsecureHTTP: true),
            status: NotificationChannelStatus(
                conditions: [condition], lastDelivery: attempt, lastError: attempt, observedGeneration: 1))
    }
}
