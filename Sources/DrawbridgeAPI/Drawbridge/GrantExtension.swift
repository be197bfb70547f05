/// One request for more time on a live grant, as the controller decided it: kept in
/// `status.extensions`, oldest first, so each extension is applied (or refused) exactly once and
/// anyone can see how a grant came to last as long as it does.
public struct GrantExtension: Codable, Hashable, Sendable {
    /// Where an extension stands.
    public enum State: String, Codable, Hashable, Sendable, CaseIterable {
        /// Waiting for the approvals the policy's `extension.approval` requires.
        case pending = "Pending"
        /// Approved and applied: `expiresAt` moved.
        case extended = "Extended"
        /// Denied by an approver, timed out, or refused by the policy's limits; the grant is unchanged.
        case denied = "Denied"
    }

    /// Who asked (the Extend record's user).
    public var requestedBy: String
    /// When the Extend record was stamped; with `requestedBy`, names the record this entry decides.
    public var requestedAt: KubeTime
    /// The extra time asked for (a Go duration).
    public var duration: String
    public var state: State
    /// Who approved it, for an extension that needed approvals.
    public var approvedBy: [String]?
    /// When it was decided (applied or refused).
    public var decidedAt: KubeTime?
    /// The grant's expiry once this extension was applied.
    public var expiresAt: KubeTime?
    /// One human sentence: what happened to it.
    public var message: String?

    public init(
        requestedBy: String, requestedAt: KubeTime, duration: String, state: State, approvedBy: [String]? = nil,
        decidedAt: KubeTime? = nil, expiresAt: KubeTime? = nil, message: String? = nil
    ) {
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
        self.duration = duration
        self.state = state
        self.approvedBy = approvedBy
        self.decidedAt = decidedAt
        self.expiresAt = expiresAt
        self.message = message
    }

    /// True when this entry decides the Extend `record`.
    public func decides(_ record: ApprovalRecord) -> Bool {
        record.user == requestedBy && record.time == requestedAt
    }
}
