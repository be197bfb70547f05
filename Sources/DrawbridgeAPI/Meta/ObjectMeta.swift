/// A `metav1.ObjectMeta`. Members Drawbridge does not model (e.g. new server fields) are preserved.
public struct ObjectMeta: Hashable, Sendable {
    public var name: String?
    public var generateName: String?
    public var namespace: String?
    public var uid: String?
    public var resourceVersion: String?
    public var generation: Int64?
    public var creationTimestamp: KubeTime?
    public var deletionTimestamp: KubeTime?
    public var deletionGracePeriodSeconds: Int64?
    public var labels: [String: String]?
    public var annotations: [String: String]?
    public var ownerReferences: [OwnerReference]?
    public var finalizers: [String]?
    /// Kept opaque: only the API server interprets field-manager bookkeeping. Nil in objects from
    /// informer caches (`CacheDecoding`); an update without it keeps the server's.
    public var managedFields: [JSONValue]?
    /// Members not modelled above, written back unchanged.
    public var unknownFields = UnknownFields()

    public init(
        name: String? = nil, namespace: String? = nil, labels: [String: String]? = nil,
        annotations: [String: String]? = nil
    ) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.annotations = annotations
    }
}

extension ObjectMeta: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, generateName, namespace, uid, resourceVersion, generation, creationTimestamp
        case deletionTimestamp, deletionGracePeriodSeconds, labels, annotations, ownerReferences
        case finalizers, managedFields
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        generateName = try c.decodeIfPresent(String.self, forKey: .generateName)
        namespace = try c.decodeIfPresent(String.self, forKey: .namespace)
        uid = try c.decodeIfPresent(String.self, forKey: .uid)
        resourceVersion = try c.decodeIfPresent(String.self, forKey: .resourceVersion)
        generation = try c.decodeIfPresent(Int64.self, forKey: .generation)
        creationTimestamp = try c.decodeIfPresent(KubeTime.self, forKey: .creationTimestamp)
        deletionTimestamp = try c.decodeIfPresent(KubeTime.self, forKey: .deletionTimestamp)
        deletionGracePeriodSeconds = try c.decodeIfPresent(Int64.self, forKey: .deletionGracePeriodSeconds)
        labels = try c.decodeIfPresent([String: String].self, forKey: .labels)
        annotations = try c.decodeIfPresent([String: String].self, forKey: .annotations)
        ownerReferences = try c.decodeIfPresent([OwnerReference].self, forKey: .ownerReferences)
        finalizers = try c.decodeIfPresent([String].self, forKey: .finalizers)
        if !CacheDecoding.omitsManagedFields(decoder) {
            managedFields = try c.decodeIfPresent([JSONValue].self, forKey: .managedFields)
        }
        unknownFields = try UnknownFields(from: decoder, known: CodingKeys.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(generateName, forKey: .generateName)
        try c.encodeIfPresent(namespace, forKey: .namespace)
        try c.encodeIfPresent(uid, forKey: .uid)
        try c.encodeIfPresent(resourceVersion, forKey: .resourceVersion)
        try c.encodeIfPresent(generation, forKey: .generation)
        try c.encodeIfPresent(creationTimestamp, forKey: .creationTimestamp)
        try c.encodeIfPresent(deletionTimestamp, forKey: .deletionTimestamp)
        try c.encodeIfPresent(deletionGracePeriodSeconds, forKey: .deletionGracePeriodSeconds)
        try c.encodeIfPresent(labels, forKey: .labels)
        try c.encodeIfPresent(annotations, forKey: .annotations)
        try c.encodeIfPresent(ownerReferences, forKey: .ownerReferences)
        try c.encodeIfPresent(finalizers, forKey: .finalizers)
        try c.encodeIfPresent(managedFields, forKey: .managedFields)
        try unknownFields.encode(to: encoder)
    }
}
