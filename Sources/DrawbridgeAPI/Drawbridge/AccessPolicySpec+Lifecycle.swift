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
