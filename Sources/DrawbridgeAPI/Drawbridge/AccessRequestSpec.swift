/// What a requester asks for. Immutable after create.
public struct AccessRequestSpec: Hashable, Sendable {
    /// The Role or ClusterRole to bind, always in the request's own namespace.
    public var role: RoleReference
    /// Go duration (`15m`, `1h30m`); nil means the governing policy's default.
    public var duration: String?
    /// Why access is needed; policies may require a pattern such as a ticket id.
    public var reason: String?
    /// Stamped by the admission webhook from the caller's identity; client values are overwritten.
    public var requester: UserIdentity?
    /// Emergency access: granted at once, without approval, under a policy whose `breakGlass` allows
    /// the requester; approvers ratify or reject it afterwards.
    public var breakGlass: Bool?
    /// When access should start; approval may come before. At most the policy's `maxLeadTime`
    /// ahead; the grant then lasts until `startAt + duration`.
    public var startAt: KubeTime?
    /// Members not modelled above, written back unchanged.
    public var unknownFields = UnknownFields()

    public init(role: RoleReference, duration: String? = nil, reason: String? = nil, requester: UserIdentity? = nil) {
        self.role = role
        self.duration = duration
        self.reason = reason
        self.requester = requester
    }
}

extension AccessRequestSpec: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case role, duration, reason, requester, breakGlass, startAt }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        role = try c.decode(RoleReference.self, forKey: .role)
        duration = try c.decodeIfPresent(String.self, forKey: .duration)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        requester = try c.decodeIfPresent(UserIdentity.self, forKey: .requester)
        breakGlass = try c.decodeIfPresent(Bool.self, forKey: .breakGlass)
        startAt = try c.decodeIfPresent(KubeTime.self, forKey: .startAt)
        unknownFields = try UnknownFields(from: decoder, known: CodingKeys.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(role, forKey: .role)
        try c.encodeIfPresent(duration, forKey: .duration)
        try c.encodeIfPresent(reason, forKey: .reason)
        try c.encodeIfPresent(requester, forKey: .requester)
        try c.encodeIfPresent(breakGlass, forKey: .breakGlass)
        try c.encodeIfPresent(startAt, forKey: .startAt)
        try unknownFields.encode(to: encoder)
    }
}
