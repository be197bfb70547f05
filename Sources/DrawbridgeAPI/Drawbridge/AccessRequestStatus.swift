/// The controller's view of a request. Approvers may only write `review`.
public struct AccessRequestStatus: Hashable, Sendable {
    public var phase: AccessRequestPhase?
    /// The AccessPolicy that governs the request.
    public var policy: String?
    /// An approver's pending decision; the webhook turns it into an approval and clears it.
    public var review: Review?
    /// Append-only record of every decision, oldest first.
    public var approvals: [ApprovalRecord]?
    public var grantedAt: KubeTime?
    /// `grantedAt + duration`, possibly shortened when a policy's maxDuration shrinks.
    public var expiresAt: KubeTime?
    /// Name of the RoleBinding that carries the grant.
    public var roleBinding: String?
    public var conditions: [Condition]?
    /// One human sentence: what happens next, or why not.
    public var message: String?
    /// The `metadata.generation` this status was computed from.
    public var observedGeneration: Int64?
    /// Every extension asked for on this grant, and what became of it, oldest first.
    public var extensions: [GrantExtension]?
    /// Notifications about this request by id: what is owed to which channel, and how each ended.
    public var notifications: [String: NotificationRecord]?
    /// Members not modelled above, written back unchanged.
    public var unknownFields = UnknownFields()

    public init(phase: AccessRequestPhase? = nil) {
        self.phase = phase
    }
}

extension AccessRequestStatus: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case phase, policy, review, approvals, grantedAt, expiresAt, roleBinding, conditions, message
        case observedGeneration, extensions, notifications
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        phase = try c.decodeIfPresent(AccessRequestPhase.self, forKey: .phase)
        policy = try c.decodeIfPresent(String.self, forKey: .policy)
        review = try c.decodeIfPresent(Review.self, forKey: .review)
        approvals = try c.decodeIfPresent([ApprovalRecord].self, forKey: .approvals)
        grantedAt = try c.decodeIfPresent(KubeTime.self, forKey: .grantedAt)
        expiresAt = try c.decodeIfPresent(KubeTime.self, forKey: .expiresAt)
        roleBinding = try c.decodeIfPresent(String.self, forKey: .roleBinding)
        conditions = try c.decodeIfPresent([Condition].self, forKey: .conditions)
        message = try c.decodeIfPresent(String.self, forKey: .message)
        observedGeneration = try c.decodeIfPresent(Int64.self, forKey: .observedGeneration)
        extensions = try c.decodeIfPresent([GrantExtension].self, forKey: .extensions)
        notifications = try c.decodeIfPresent([String: NotificationRecord].self, forKey: .notifications)
        unknownFields = try UnknownFields(from: decoder, known: CodingKeys.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(phase, forKey: .phase)
        try c.encodeIfPresent(policy, forKey: .policy)
        try c.encodeIfPresent(review, forKey: .review)
        try c.encodeIfPresent(approvals, forKey: .approvals)
        try c.encodeIfPresent(grantedAt, forKey: .grantedAt)
        try c.encodeIfPresent(expiresAt, forKey: .expiresAt)
        try c.encodeIfPresent(roleBinding, forKey: .roleBinding)
        try c.encodeIfPresent(conditions, forKey: .conditions)
        try c.encodeIfPresent(message, forKey: .message)
        try c.encodeIfPresent(observedGeneration, forKey: .observedGeneration)
        try c.encodeIfPresent(extensions, forKey: .extensions)
        try c.encodeIfPresent(notifications, forKey: .notifications)
        try unknownFields.encode(to: encoder)
    }
}
