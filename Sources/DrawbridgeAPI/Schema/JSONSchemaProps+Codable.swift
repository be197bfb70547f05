/// Wire names of `JSONSchemaProps`, including the `x-kubernetes-*` extensions.
extension JSONSchemaProps: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case type, format, description, properties, required, items, pattern
        case `enum`, minimum, maximum, exclusiveMinimum, exclusiveMaximum
        case minLength, maxLength, minItems, maxItems, additionalProperties, `default`, nullable
        case xPreserveUnknownFields = "x-kubernetes-preserve-unknown-fields"
        case xIntOrString = "x-kubernetes-int-or-string"
        case xEmbeddedResource = "x-kubernetes-embedded-resource"
        case xListType = "x-kubernetes-list-type"
        case xListMapKeys = "x-kubernetes-list-map-keys"
        case xValidations = "x-kubernetes-validations"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decodeIfPresent(String.self, forKey: .type)
        format = try c.decodeIfPresent(String.self, forKey: .format)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        properties = try c.decodeIfPresent([String: JSONSchemaProps].self, forKey: .properties)
        required = try c.decodeIfPresent([String].self, forKey: .required)
        items = try c.decodeIfPresent(JSONSchemaProps.self, forKey: .items)
        pattern = try c.decodeIfPresent(String.self, forKey: .pattern)
        `enum` = try c.decodeIfPresent([JSONValue].self, forKey: .enum)
        minimum = try c.decodeIfPresent(Double.self, forKey: .minimum)
        maximum = try c.decodeIfPresent(Double.self, forKey: .maximum)
        exclusiveMinimum = try c.decodeIfPresent(Bool.self, forKey: .exclusiveMinimum)
        exclusiveMaximum = try c.decodeIfPresent(Bool.self, forKey: .exclusiveMaximum)
        minLength = try c.decodeIfPresent(Int64.self, forKey: .minLength)
        maxLength = try c.decodeIfPresent(Int64.self, forKey: .maxLength)
        minItems = try c.decodeIfPresent(Int64.self, forKey: .minItems)
        maxItems = try c.decodeIfPresent(Int64.self, forKey: .maxItems)
        additionalProperties = try c.decodeIfPresent(SchemaOrBool.self, forKey: .additionalProperties)
        // `decodeIfPresent` would turn an explicit `default: null` into "no default".
        `default` = c.contains(.default) ? try c.decode(JSONValue.self, forKey: .default) : nil
        nullable = try c.decodeIfPresent(Bool.self, forKey: .nullable)
        xPreserveUnknownFields = try c.decodeIfPresent(Bool.self, forKey: .xPreserveUnknownFields)
        xIntOrString = try c.decodeIfPresent(Bool.self, forKey: .xIntOrString)
        xEmbeddedResource = try c.decodeIfPresent(Bool.self, forKey: .xEmbeddedResource)
        xListType = try c.decodeIfPresent(String.self, forKey: .xListType)
        xListMapKeys = try c.decodeIfPresent([String].self, forKey: .xListMapKeys)
        xValidations = try c.decodeIfPresent([ValidationRule].self, forKey: .xValidations)
        unknownFields = try UnknownFields(from: decoder, known: CodingKeys.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(type, forKey: .type)
        try c.encodeIfPresent(format, forKey: .format)
        try c.encodeIfPresent(description, forKey: .description)
        try c.encodeIfPresent(properties, forKey: .properties)
        try c.encodeIfPresent(required, forKey: .required)
        try c.encodeIfPresent(items, forKey: .items)
        try c.encodeIfPresent(pattern, forKey: .pattern)
        try c.encodeIfPresent(`enum`, forKey: .enum)
        try c.encodeIfPresent(minimum, forKey: .minimum)
        try c.encodeIfPresent(maximum, forKey: .maximum)
        try c.encodeIfPresent(exclusiveMinimum, forKey: .exclusiveMinimum)
        try c.encodeIfPresent(exclusiveMaximum, forKey: .exclusiveMaximum)
        try c.encodeIfPresent(minLength, forKey: .minLength)
        try c.encodeIfPresent(maxLength, forKey: .maxLength)
        try c.encodeIfPresent(minItems, forKey: .minItems)
        try c.encodeIfPresent(maxItems, forKey: .maxItems)
        try c.encodeIfPresent(additionalProperties, forKey: .additionalProperties)
        try c.encodeIfPresent(`default`, forKey: .default)
        try c.encodeIfPresent(nullable, forKey: .nullable)
        try c.encodeIfPresent(xPreserveUnknownFields, forKey: .xPreserveUnknownFields)
        try c.encodeIfPresent(xIntOrString, forKey: .xIntOrString)
        try c.encodeIfPresent(xEmbeddedResource, forKey: .xEmbeddedResource)
        try c.encodeIfPresent(xListType, forKey: .xListType)
        try c.encodeIfPresent(xListMapKeys, forKey: .xListMapKeys)
        try c.encodeIfPresent(xValidations, forKey: .xValidations)
        try unknownFields.encode(to: encoder)
    }
}
