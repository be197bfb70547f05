import DrawbridgeAPI

/// Decides whether a reviewer is an approver under a policy: by username or by one of the groups
/// the webhook recorded at review time.
public struct ApproverMatcher: Hashable, Sendable, CustomStringConvertible {
    public var users: Set<String>
    public var groups: Set<String>

    public init(users: Set<String> = [], groups: Set<String> = []) {
        self.users = users
        self.groups = groups
    }

    /// Built from a policy's `approval.approvers`.
    public init(_ selector: ApproverSelector?) {
        self.init(users: Set(selector?.users ?? []), groups: Set(selector?.groups ?? []))
    }

    /// True when `user` is listed or belongs to a listed group.
    public func matches(user: String, groups userGroups: [String]) -> Bool {
        users.contains(user) || userGroups.contains(where: groups.contains)
    }

    /// `group sre or user carol`, for status messages.
    public var description: String {
        let parts =
            groups.sorted().map { "group \($0)" } + users.sorted().map { "user \($0)" }
        return parts.isEmpty ? "nobody" : parts.joined(separator: " or ")
    }
}
