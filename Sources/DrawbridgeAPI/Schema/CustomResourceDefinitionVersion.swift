/// One version of a CRD: whether it is served and stored, its schema, subresources and table columns.
public struct CustomResourceDefinitionVersion: Hashable, Sendable {
    /// `v1alpha1`, `v1`, ...
    public var name: String
    public var served: Bool
    public var storage: Bool
    public var deprecated: Bool?
    public var deprecationWarning: String?
    public var schema: CustomResourceValidation?
    public var subresources: CustomResourceSubresources?
    /// Extra `kubectl get` columns, in order, after NAME.
    public var additionalPrinterColumns: [CustomResourceColumnDefinition]?
    /// Extra field-selector paths (besides `metadata.name` and `metadata.namespace`).
    public var selectableFields: [SelectableField]?
    /// Members not modelled above, written back unchanged.
    public var unknownFields = UnknownFields()

    public init(
        name: String, served: Bool = true, storage: Bool = true, schema: CustomResourceValidation? = nil,
        subresources: CustomResourceSubresources? = nil,
        additionalPrinterColumns: [CustomResourceColumnDefinition]? = nil
    ) {
        self.name = name
        self.served = served
        self.storage = storage
        self.schema = schema
        self.subresources = subresources
        self.additionalPrinterColumns = additionalPrinterColumns
    }

    /// The version's `openAPIV3Schema`, if it has one.
    public var openAPIV3Schema: JSONSchemaProps? { schema?.openAPIV3Schema }

    /// True when writes to the main resource ignore `status` and `/status` ignores everything else.
    public var hasStatusSubresource: Bool { subresources?.status != nil }
}

extension CustomResourceDefinitionVersion: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, served, storage, deprecated, deprecationWarning, schema, subresources
        case additionalPrinterColumns, selectableFields
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        served = try c.decode(Bool.self, forKey: .served)
        storage = try c.decode(Bool.self, forKey: .storage)
        deprecated = try c.decodeIfPresent(Bool.self, forKey: .deprecated)
        deprecationWarning = try c.decodeIfPresent(String.self, forKey: .deprecationWarning)
        schema = try c.decodeIfPresent(CustomResourceValidation.self, forKey: .schema)
        subresources = try c.decodeIfPresent(CustomResourceSubresources.self, forKey: .subresources)
        additionalPrinterColumns = try c.decodeIfPresent(
            [CustomResourceColumnDefinition].self, forKey: .additionalPrinterColumns)
        selectableFields = try c.decodeIfPresent([SelectableField].self, forKey: .selectableFields)
        unknownFields = try UnknownFields(from: decoder, known: CodingKeys.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(served, forKey: .served)
        try c.encode(storage, forKey: .storage)
        try c.encodeIfPresent(deprecated, forKey: .deprecated)
        try c.encodeIfPresent(deprecationWarning, forKey: .deprecationWarning)
        try c.encodeIfPresent(schema, forKey: .schema)
        try c.encodeIfPresent(subresources, forKey: .subresources)
        try c.encodeIfPresent(additionalPrinterColumns, forKey: .additionalPrinterColumns)
        try c.encodeIfPresent(selectableFields, forKey: .selectableFields)
        try unknownFields.encode(to: encoder)
    }
}

/// `schema:` wrapper around the OpenAPI v3 schema, as the v1 API nests it.
public struct CustomResourceValidation: Codable, Hashable, Sendable {
    public var openAPIV3Schema: JSONSchemaProps?

    public init(openAPIV3Schema: JSONSchemaProps?) { self.openAPIV3Schema = openAPIV3Schema }
}

/// `/status` and `/scale` subresources of a version.
public struct CustomResourceSubresources: Codable, Hashable, Sendable {
    /// Present (as `{}`) when the version has a status subresource.
    public var status: StatusSubresource?
    public var scale: ScaleSubresource?

    public init(status: StatusSubresource? = nil, scale: ScaleSubresource? = nil) {
        self.status = status
        self.scale = scale
    }

    /// The empty `status: {}` marker.
    public struct StatusSubresource: Codable, Hashable, Sendable {
        public init() {}
    }

    /// Where `/scale` reads and writes replicas.
    public struct ScaleSubresource: Codable, Hashable, Sendable {
        public var specReplicasPath: String
        public var statusReplicasPath: String
        public var labelSelectorPath: String?

        public init(specReplicasPath: String, statusReplicasPath: String, labelSelectorPath: String? = nil) {
            self.specReplicasPath = specReplicasPath
            self.statusReplicasPath = statusReplicasPath
            self.labelSelectorPath = labelSelectorPath
        }
    }
}

/// One `kubectl get` column, rendered by the server into a Table.
public struct CustomResourceColumnDefinition: Codable, Hashable, Sendable {
    public var name: String
    /// `string`, `integer`, `number`, `boolean` or `date` (rendered as an age).
    public var type: String
    public var format: String?
    public var description: String?
    /// 0 shows by default; higher only with `-o wide`.
    public var priority: Int32?
    /// A simple JSONPath such as `.status.phase`.
    public var jsonPath: String

    public init(
        name: String, type: String, jsonPath: String, format: String? = nil, description: String? = nil,
        priority: Int32? = nil
    ) {
        self.name = name
        self.type = type
        self.jsonPath = jsonPath
        self.format = format
        self.description = description
        self.priority = priority
    }
}

/// A field usable in `--field-selector`.
public struct SelectableField: Codable, Hashable, Sendable {
    public var jsonPath: String

    public init(jsonPath: String) { self.jsonPath = jsonPath }
}
