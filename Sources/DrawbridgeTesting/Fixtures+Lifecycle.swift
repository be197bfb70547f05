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
