/// A `coordination.k8s.io/v1` Lease: the lock replicas of a controller take turns holding, so only
/// one of them acts at a time (leader election, as client-go does it).
public struct Lease: KubeResource {
    public static let apiVersion = "coordination.k8s.io/v1"
    public static let kind = "Lease"
    public static let plural = "leases"
    public static let isNamespaced = true

    public var metadata: ObjectMeta
    public var spec: LeaseSpec
    /// Members not modelled above, written back unchanged.
    public var unknownFields = UnknownFields()

    public init(metadata: ObjectMeta, spec: LeaseSpec = LeaseSpec()) {
        self.metadata = metadata
        self.spec = spec
    }

    enum CodingKeys: String, ObjectCodingKeys, CaseIterable { case apiVersion, kind, metadata, spec }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeHeader(of: Self.self)
        spec = try c.decodeIfPresent(LeaseSpec.self, forKey: .spec) ?? LeaseSpec()
        unknownFields = try UnknownFields(from: decoder, known: CodingKeys.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeHeader(of: self)
        try c.encode(spec, forKey: .spec)
        try unknownFields.encode(to: encoder)
    }
}

/// Who holds a Lease, since when, and for how long a silent holder keeps it.
public struct LeaseSpec: Codable, Hashable, Sendable {
    /// The holder; empty or absent means the lease is free.
    public var holderIdentity: String?
    public var leaseDurationSeconds: Int?
    public var acquireTime: KubeMicroTime?
    public var renewTime: KubeMicroTime?
    /// How often the holder changed.
    public var leaseTransitions: Int?

    public init(
        holderIdentity: String? = nil, leaseDurationSeconds: Int? = nil, acquireTime: KubeMicroTime? = nil,
        renewTime: KubeMicroTime? = nil, leaseTransitions: Int? = nil
    ) {
        self.holderIdentity = holderIdentity
        self.leaseDurationSeconds = leaseDurationSeconds
        self.acquireTime = acquireTime
        self.renewTime = renewTime
        self.leaseTransitions = leaseTransitions
    }
}
