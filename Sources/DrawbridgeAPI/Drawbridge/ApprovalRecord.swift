/// What an approver writes into `status.review`; the webhook turns it into an `ApprovalRecord`.
public struct Review: Codable, Hashable, Sendable {
    public var decision: ReviewDecision
    public var comment: String?
    /// For `Extend`: how much longer the grant should last (a Go duration, `30m`).
    public var duration: String?

    public init(decision: ReviewDecision, comment: String? = nil, duration: String? = nil) {
        self.decision = decision
        self.comment = comment
        self.duration = duration
    }
}

/// One recorded decision in the append-only `status.approvals` list, stamped by the server side.
public struct ApprovalRecord: Hashable, Sendable {
    /// The reviewer's username as authenticated by the API server (never typed by the reviewer).
    public var user: String
    /// The reviewer's groups at the time of the review; approver-group checks use these.
    public var groups: [String]?
    public var decision: ReviewDecision
    public var comment: String?
    public var time: KubeTime
    /// HMAC by the controller's webhook; a record without a valid one grants nothing.
    public var signature: String?
    /// For `Extend`: the extra time asked for (a Go duration); covered by the signature.
    public var duration: String?
    /// Members not modelled above, written back unchanged.
    public var unknownFields = UnknownFields()

    public init(
        user: String, groups: [String]? = nil, decision: ReviewDecision, comment: String? = nil, time: KubeTime,
        signature: String? = nil, duration: String? = nil
    ) {
        self.user = user
        self.groups = groups
        self.decision = decision
        self.comment = comment
        self.time = time
        self.signature = signature
        self.duration = duration
    }
}

extension ApprovalRecord: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case user, groups, decision, comment, time, signature, duration
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        user = try c.decode(String.self, forKey: .user)
        groups = try c.decodeIfPresent([String].self, forKey: .groups)
        decision = try c.decode(ReviewDecision.self, forKey: .decision)
        comment = try c.decodeIfPresent(String.self, forKey: .comment)
        time = try c.decode(KubeTime.self, forKey: .time)
        signature = try c.decodeIfPresent(String.self, forKey: .signature)
        duration = try c.decodeIfPresent(String.self, forKey: .duration)
        unknownFields = try UnknownFields(from: decoder, known: CodingKeys.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(user, forKey: .user)
        try c.encodeIfPresent(groups, forKey: .groups)
        try c.encode(decision, forKey: .decision)
        try c.encodeIfPresent(comment, forKey: .comment)
        try c.encode(time, forKey: .time)
        try c.encodeIfPresent(signature, forKey: .signature)
        try c.encodeIfPresent(duration, forKey: .duration)
        try unknownFields.encode(to: encoder)
    }
}
