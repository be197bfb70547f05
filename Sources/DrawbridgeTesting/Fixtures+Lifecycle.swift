import DrawbridgeAPI
import Foundation

extension RequestChange {
    /// Records an Extend by `user` (in `groups`) asking for `duration` more, at `seconds` after t0.
    public static func extensionAsked(
        by user: String = "alice", groups: [String] = ["developers"], duration: String = "30m", at seconds: Double,
        comment: String? = nil
    ) -> RequestChange {
        RequestChange { request in
            var status = request.status ?? AccessRequestStatus()
            status.approvals =
                (status.approvals ?? []) + [
                    ApprovalRecord(
                        user: user, groups: groups, decision: .extend, comment: comment,
                        time: KubeTime(Fixtures.at(seconds)), duration: duration)
                ]
            request.status = status
        }
    }

    /// Adds an entry to `status.extensions`, as the controller wrote it.
    public static func extensionEntry(
        by user: String = "alice", duration: String = "30m", askedAt seconds: Double, state: GrantExtension.State,
        expiresAt: Double? = nil
    ) -> RequestChange {
        RequestChange { request in
            var status = request.status ?? AccessRequestStatus()
            status.extensions =
                (status.extensions ?? []) + [
                    GrantExtension(
                        requestedBy: user, requestedAt: KubeTime(Fixtures.at(seconds)), duration: duration,
                        state: state,
                        expiresAt: expiresAt.map { KubeTime(Fixtures.at($0)) })
                ]
            request.status = status
        }
    }

    /// Moves `status.expiresAt` to `seconds` after t0 (as an applied extension, or a forgery, would).
    public static func expiresAt(_ seconds: Double) -> RequestChange {
        RequestChange { request in request.status?.expiresAt = KubeTime(Fixtures.at(seconds)) }
    }
}

extension AccessPolicy {
    /// This policy with `extension` set: `required` approvals from `approverGroups` or
    /// `approverUsers` (nil: the policy's own approvers), within `timeout` (nil: the policy's).
    public func extending(
        maxTotal: String = "2h", maxExtensions: Int = 2, required: Int = 1, approverUsers: [String]? = nil,
        approverGroups: [String]? = nil, timeout: String? = nil
    ) -> AccessPolicy {
        var policy = self
        let approvers =
            approverUsers == nil && approverGroups == nil
            ? nil : ApproverSelector(users: approverUsers, groups: approverGroups)
        policy.spec.extension = ExtensionSettings(
            maxTotal: maxTotal, maxExtensions: maxExtensions,
            approval: ApprovalSettings(required: required, approvers: approvers, timeout: timeout))
        return policy
    }
}

extension RequestChange {
    /// Marks the request as break-glass (`spec.breakGlass: true`).
    public static func breakGlass() -> RequestChange {
        RequestChange { request in request.spec.breakGlass = true }
    }

    /// A break-glass grant as the controller made it: `spec.breakGlass`, and its review pending.
    public static func brokeGlass() -> RequestChange {
        RequestChange { request in
            request.spec.breakGlass = true
            var status = request.status ?? AccessRequestStatus()
            var conditions = status.conditions ?? []
            conditions.set(
                Condition(
                    type: AccessRequestConditionType.reviewPending.rawValue, status: .true, reason: "AwaitingReview",
                    message: "group sre must ratify or reject this break-glass access.",
                    lastTransitionTime: status.grantedAt ?? KubeTime(Fixtures.t0)))
            status.conditions = conditions
            request.status = status
        }
    }

    /// Records a Ratify or a Reject by `user` at `seconds` after t0.
    public static func reviewedBy(
        _ user: String, _ decision: ReviewDecision, groups: [String] = ["sre"], at seconds: Double,
        comment: String? = nil
    ) -> RequestChange {
        record(user, groups, decision, at: seconds, comment: comment)
    }
}

extension AccessPolicy {
    /// This policy with `breakGlass` set for `groups` (or `users`).
    public func breakingGlass(
        users: [String]? = nil, groups: [String]? = ["developers"], maxDuration: String = "1h",
        reviewWithin: String = "24h", cooldown: String? = "24h"
    ) -> AccessPolicy {
        var policy = self
        policy.spec.breakGlass = BreakGlassSettings(
            requesters: RequesterSelector(users: users, groups: groups), maxDuration: maxDuration,
            reviewWithin: reviewWithin, cooldown: cooldown)
        return policy
    }
}
