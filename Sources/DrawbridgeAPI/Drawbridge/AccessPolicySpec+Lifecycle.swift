/// How a live grant under a policy may be extended: by how much in total, how many times, and whose
/// approval an extension needs (`approval.required: 0` extends at once).
public struct ExtensionSettings: Codable, Hashable, Sendable {
    /// Go duration no grant may exceed from grantedAt to expiresAt, extensions included.
    public var maxTotal: String
    /// How many extensions one grant may get.
    public var maxExtensions: Int
    /// Approvals an extension needs; its approvers default to the policy's `approval.approvers` and
    /// its timeout to the policy's `approval.timeout`.
    public var approval: ApprovalSettings

    public init(maxTotal: String, maxExtensions: Int, approval: ApprovalSettings) {
        self.maxTotal = maxTotal
        self.maxExtensions = maxExtensions
        self.approval = approval
    }
}

/// Emergency access under a policy: who may break glass, for how long at most, how soon approvers
/// must ratify or reject it, and how often one person may do it.
public struct BreakGlassSettings: Codable, Hashable, Sendable {
    /// Who may break glass (any one match), in the namespaces and for the roles the policy covers.
    public var requesters: RequesterSelector
    /// Go duration no break-glass grant may exceed.
    public var maxDuration: String
    /// Go duration within which an approver must ratify or reject it (from grantedAt).
    public var reviewWithin: String
    /// Go duration one person must wait after a break-glass grant before breaking glass again.
    public var cooldown: String?

    public init(requesters: RequesterSelector, maxDuration: String, reviewWithin: String, cooldown: String? = nil) {
        self.requesters = requesters
        self.maxDuration = maxDuration
        self.reviewWithin = reviewWithin
        self.cooldown = cooldown
    }
}
