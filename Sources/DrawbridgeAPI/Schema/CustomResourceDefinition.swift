/// An `apiextensions.k8s.io/v1` CustomResourceDefinition: how the API server learns a new kind, its
/// names, its versions and the schema that validates, prunes and defaults its objects.
///
/// Drawbridge ships two (see `crds/`); the in-memory API server emulator serves any CRD it is given,
/// so this type models the whole of the v1 shape it needs and preserves the rest.
public struct CustomResourceDefinition: SpecAndStatusResource {
    public static let apiVersion = "apiextensions.k8s.io/v1"
    public static let kind = "CustomResourceDefinition"
    public static let plural = "customresourcedefinitions"
    public static let isNamespaced = false

    public var metadata: ObjectMeta
    public var spec: CustomResourceDefinitionSpec
    public var status: CustomResourceDefinitionStatus?
    /// Top-level members not modelled above, written back unchanged.
    public var unknownFields = UnknownFields()

    public init(
        metadata: ObjectMeta, spec: CustomResourceDefinitionSpec, status: CustomResourceDefinitionStatus? = nil
    ) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// The version objects are stored in (exactly one has `storage: true` in a valid CRD).
    public var storageVersion: CustomResourceDefinitionVersion? {
        spec.versions.first { $0.storage }
    }

    /// The served version called `name`, if any.
    public func servedVersion(_ name: String) -> CustomResourceDefinitionVersion? {
        spec.versions.first { $0.name == name && $0.served }
    }
}

/// What the CRD defines: group, names, scope and versions.
public struct CustomResourceDefinitionSpec: Hashable, Sendable {
    public var group: String
    public var names: CustomResourceDefinitionNames
    /// `Namespaced` or `Cluster`.
    public var scope: String
    public var versions: [CustomResourceDefinitionVersion]
    /// Kept opaque: Drawbridge serves every version as stored (strategy `None`).
    public var conversion: JSONValue?
    /// Deprecated v1beta1 flag; must be false in v1.
    public var preserveUnknownFields: Bool?
    /// Members not modelled above, written back unchanged.
    public var unknownFields = UnknownFields()

    public init(
        group: String, names: CustomResourceDefinitionNames, scope: String, versions: [CustomResourceDefinitionVersion]
    ) {
        self.group = group
        self.names = names
        self.scope = scope
        self.versions = versions
    }

    /// True for `scope: Namespaced`.
    public var isNamespaced: Bool { scope == "Namespaced" }
}

extension CustomResourceDefinitionSpec: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case group, names, scope, versions, conversion, preserveUnknownFields
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        group = try c.decode(String.self, forKey: .group)
        names = try c.decode(CustomResourceDefinitionNames.self, forKey: .names)
        scope = try c.decode(String.self, forKey: .scope)
        versions = try c.decode([CustomResourceDefinitionVersion].self, forKey: .versions)
        conversion = try c.decodeIfPresent(JSONValue.self, forKey: .conversion)
        preserveUnknownFields = try c.decodeIfPresent(Bool.self, forKey: .preserveUnknownFields)
        unknownFields = try UnknownFields(from: decoder, known: CodingKeys.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(group, forKey: .group)
        try c.encode(names, forKey: .names)
        try c.encode(scope, forKey: .scope)
        try c.encode(versions, forKey: .versions)
        try c.encodeIfPresent(conversion, forKey: .conversion)
        try c.encodeIfPresent(preserveUnknownFields, forKey: .preserveUnknownFields)
        try unknownFields.encode(to: encoder)
    }
}

/// The names a kind is known by in URLs, discovery and kubectl.
public struct CustomResourceDefinitionNames: Codable, Hashable, Sendable {
    public var plural: String
    /// Defaults to the lower-cased kind.
    public var singular: String?
    public var kind: String
    /// Defaults to `<Kind>List`.
    public var listKind: String?
    public var shortNames: [String]?
    /// Groups such as `all` that `kubectl get <category>` expands.
    public var categories: [String]?

    public init(
        plural: String, singular: String? = nil, kind: String, listKind: String? = nil, shortNames: [String]? = nil,
        categories: [String]? = nil
    ) {
        self.plural = plural
        self.singular = singular
        self.kind = kind
        self.listKind = listKind
        self.shortNames = shortNames
        self.categories = categories
    }
}
