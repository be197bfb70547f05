import DrawbridgeAPI
import DrawbridgeCore
import Foundation

/// Shared reference points so tests read as timelines ("t0 + 5 minutes").
public enum Fixtures {
    /// 2027-01-15T08:00:00Z: a fixed instant every test starts from.
    public static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    /// `t0` moved by `seconds`.
    public static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    /// Trusts every approval record (signatures are checked elsewhere).
    public static func trustAll(_ record: ApprovalRecord) -> Bool { true }
}

/// A change applied to a fixture, so tests say `.approvedBy("bob")` instead of building records.
public struct RequestChange: Sendable {
    let edit: @Sendable (inout AccessRequest) -> Void

    /// Applies the change to `request`.
    public func apply(_ request: inout AccessRequest) { edit(&request) }

    /// Records an Approve by `user` (in `groups`) at `seconds` after t0.
    public static func approvedBy(_ user: String, groups: [String] = ["sre"], at seconds: Double = 60) -> RequestChange
    {
        record(user, groups, .approve, at: seconds)
    }

    /// Records a Deny.
    public static func deniedBy(
        _ user: String, groups: [String] = ["sre"], at seconds: Double = 60, comment: String? = nil
    )
        -> RequestChange
    {
        record(user, groups, .deny, at: seconds, comment: comment)
    }

    /// Records a Revoke.
    public static func revokedBy(_ user: String, groups: [String] = ["sre"], at seconds: Double = 60) -> RequestChange {
        record(user, groups, .revoke, at: seconds)
    }

    /// Appends one decision record.
    public static func record(
        _ user: String, _ groups: [String], _ decision: ReviewDecision, at seconds: Double, comment: String? = nil
    ) -> RequestChange {
        RequestChange { request in
            var status = request.status ?? AccessRequestStatus()
            status.approvals =
                (status.approvals ?? []) + [
                    ApprovalRecord(
                        user: user, groups: groups, decision: decision, comment: comment,
                        time: KubeTime(Fixtures.at(seconds)))
                ]
            request.status = status
        }
    }

    /// Adds (or with `false` removes) the controller's finalizer.
    public static func finalizer(_ present: Bool = true) -> RequestChange {
        RequestChange { request in request.metadata.finalizers = present ? [Drawbridge.Keys.finalizer] : nil }
    }

    /// Marks the request as being deleted at `seconds` after t0.
    public static func deleted(at seconds: Double = 600) -> RequestChange {
        RequestChange { request in request.metadata.deletionTimestamp = KubeTime(Fixtures.at(seconds)) }
    }

    /// Puts the request in `phase`, granted at `grantedAt` for `duration` seconds where that applies.
    /// An Approved or Active request comes with the approval that granted it, by `backedBy` (group
    /// sre) at `grantedAt`, as the controller grants only with one; `backedBy: nil` makes a grant
    /// nobody approved (a forged phase).
    public static func phase(
        _ phase: AccessRequestPhase, policy: String = "developers-edit", grantedAt: Double = 120,
        duration: Double = 1800,
        backedBy: String? = "bob"
    ) -> RequestChange {
        RequestChange { request in
            var status = request.status ?? AccessRequestStatus()
            status.phase = phase
            status.policy = policy
            if phase == .approved || phase == .active || phase == .expired || phase == .revoked {
                status.grantedAt = KubeTime(Fixtures.at(grantedAt))
                status.expiresAt = KubeTime(Fixtures.at(grantedAt + duration))
                status.roleBinding = GrantBinding.bindingName(for: request)
            }
            if phase == .approved || phase == .active {
                // The controller adds its finalizer before it makes a binding.
                request.metadata.finalizers = [Drawbridge.Keys.finalizer]
            }
            if phase == .approved || phase == .active, let backedBy {
                status.approvals =
                    (status.approvals ?? []) + [
                        ApprovalRecord(
                            user: backedBy, groups: ["sre"], decision: .approve, time: KubeTime(Fixtures.at(grantedAt)))
                    ]
            }
            request.status = status
        }
    }

    /// Any custom edit.
    public static func custom(_ edit: @escaping @Sendable (inout AccessRequest) -> Void) -> RequestChange {
        RequestChange(edit: edit)
    }
}

extension AccessRequest {
    /// A well-formed request by alice (group developers) for ClusterRole edit in `demo`, created at t0.
    public static func fixture(
        name: String = "alice-edit", namespace: String = "demo",
        role: RoleReference = .init(kind: "ClusterRole", name: "edit"),
        duration: String? = "30m", reason: String? = "INC-4242: roll back checkout", requester: String = "alice",
        groups: [String] = ["developers"], _ changes: RequestChange...
    ) -> AccessRequest {
        var metadata = ObjectMeta(name: name, namespace: namespace)
        metadata.uid = "uid-\(name)"
        metadata.generation = 1
        metadata.resourceVersion = "1"
        metadata.creationTimestamp = KubeTime(Fixtures.t0)
        var request = AccessRequest(
            metadata: metadata,
            spec: AccessRequestSpec(
                role: role, duration: duration, reason: reason,
                requester: requester.isEmpty ? nil : UserIdentity(username: requester, groups: groups)))
        for change in changes { change.apply(&request) }
        return request
    }
}

extension AccessPolicy {
    /// A policy: group developers may request ClusterRole edit in `demo` for up to 1h, 1 approval from sre.
    public static func fixture(
        name: String = "developers-edit", users: [String]? = nil, groups: [String]? = ["developers"],
        serviceAccounts: [RequesterSelector.ServiceAccountRef]? = nil, namespaces: [String]? = ["demo"],
        namespaceSelector: LabelSelector? = nil, roles: [RoleReference] = [.init(kind: "ClusterRole", name: "edit")],
        defaultDuration: String? = "30m", maxDuration: String = "1h", reasonPattern: String? = nil,
        required: Int = 1, approverUsers: [String]? = nil, approverGroups: [String]? = ["sre"],
        timeout: String? = "30m",
        forbiddenRules: [PolicyRule]? = nil
    ) -> AccessPolicy {
        var metadata = ObjectMeta(name: name)
        metadata.uid = "uid-policy-\(name)"
        metadata.generation = 1
        return AccessPolicy(
            metadata: metadata,
            spec: AccessPolicySpec(
                requesters: RequesterSelector(users: users, groups: groups, serviceAccounts: serviceAccounts),
                namespaces: NamespaceSelector(names: namespaces, selector: namespaceSelector), roles: roles,
                defaultDuration: defaultDuration, maxDuration: maxDuration, reasonPattern: reasonPattern,
                approval: ApprovalSettings(
                    required: required,
                    approvers: ApproverSelector(users: approverUsers, groups: approverGroups), timeout: timeout),
                forbiddenRules: forbiddenRules))
    }
}
