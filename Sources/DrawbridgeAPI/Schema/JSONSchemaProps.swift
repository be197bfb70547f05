/// One node of a CRD's `openAPIV3Schema`: the OpenAPI v3 subset Kubernetes accepts in structural
/// schemas, plus the `x-kubernetes-*` extensions that change how the API server treats data.
///
/// A value type so that a schema can be built and tweaked in tests; the recursive members (`items`,
/// `additionalProperties`) sit behind an indirect box, which keeps it `Sendable` and `Hashable`.
/// Members it does not model (`anyOf`, `x-kubernetes-map-type`, ...) are kept in `unknownFields`
/// so a CRD read from the API server is written back unchanged.
public struct JSONSchemaProps: Hashable, Sendable {
    /// `object`, `array`, `string`, `integer`, `number` or `boolean`; nil only where an extension allows it.
    public var type: String?
    /// A hint such as `date-time`, `int64` or `byte`; only `date-time` is checked.
    public var format: String?
    /// Shown by `kubectl explain`.
    public var description: String?
    /// Known members of an object, by name.
    public var properties: [String: JSONSchemaProps]?
    /// Members that must be present in an object.
    public var required: [String]?
    /// The allowed values, compared as JSON.
    public var `enum`: [JSONValue]?
    /// A regular expression a string must contain a match for (unanchored, as in OpenAPI).
    public var pattern: String?
    public var minimum: Double?
    public var maximum: Double?
    public var exclusiveMinimum: Bool?
    public var exclusiveMaximum: Bool?
    public var minLength: Int64?
    public var maxLength: Int64?
    public var minItems: Int64?
    public var maxItems: Int64?
    /// Value used by the API server when the member is absent (or null and not nullable).
    public var `default`: JSONValue?
    /// Whether `null` is a valid value; otherwise nulls are dropped before defaulting.
    public var nullable: Bool?
    /// Keep members not listed in `properties` instead of pruning them.
    public var xPreserveUnknownFields: Bool?
    /// The value may be an integer or a string (`IntOrString`); `type` is then absent.
    public var xIntOrString: Bool?
    /// The value is a whole Kubernetes object: `apiVersion`, `kind` and `metadata` are kept and checked.
    public var xEmbeddedResource: Bool?
    /// `atomic`, `set` or `map`; `map` lists are keyed by `xListMapKeys`.
    public var xListType: String?
    public var xListMapKeys: [String]?
    /// CEL rules, kept as data: only `self == oldSelf` is evaluated (see `CELRules`).
    public var xValidations: [ValidationRule]?
    /// Members not modelled above, written back unchanged.
    public var unknownFields = UnknownFields()

    private var itemsBox: Indirect<JSONSchemaProps>?
    private var additionalPropertiesBox: Indirect<SchemaOrBool>?

    /// An empty schema (accepts anything); set members to constrain it.
    public init(type: String? = nil, description: String? = nil) {
        self.type = type
        self.description = description
    }

    /// The schema of every element of an array.
    public var items: JSONSchemaProps? {
        get { itemsBox?.value }
        set { itemsBox = newValue.map(Indirect.init) }
    }

    /// Whether, and how, an object may have members not listed in `properties` (a map's values).
    public var additionalProperties: SchemaOrBool? {
        get { additionalPropertiesBox?.value }
        set { additionalPropertiesBox = newValue.map(Indirect.init) }
    }

    /// The schema of a map value, when `additionalProperties` is a schema (or `true`: anything).
    public var additionalPropertiesSchema: JSONSchemaProps? {
        switch additionalProperties {
        case .schema(let schema): schema
        case .bool(true): JSONSchemaProps()
        case .bool(false), nil: nil
        }
    }

    /// True when `x-kubernetes-preserve-unknown-fields: true`.
    public var preservesUnknownFields: Bool { xPreserveUnknownFields == true }
}

/// `additionalProperties`: either a flag or the schema of every extra member.
public enum SchemaOrBool: Hashable, Sendable, Codable {
    case bool(Bool)
    case schema(JSONSchemaProps)

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else {
            self = .schema(try container.decode(JSONSchemaProps.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .bool(let flag): try container.encode(flag)
        case .schema(let schema): try container.encode(schema)
        }
    }
}

/// Boxes a recursive member so a struct can contain its own type.
indirect enum Indirect<Value: Hashable & Sendable>: Hashable, Sendable {
    case value(Value)

    init(_ value: Value) { self = .value(value) }

    var value: Value {
        switch self {
        case .value(let value): value
        }
    }
}

/// One `x-kubernetes-validations` entry, kept as data.
public struct ValidationRule: Codable, Hashable, Sendable {
    /// The CEL expression, e.g. `self == oldSelf`.
    public var rule: String
    /// Shown when the rule fails; default `failed rule: <rule>`.
    public var message: String?
    public var messageExpression: String?
    /// A cause reason such as `FieldValueForbidden`; default `FieldValueInvalid`.
    public var reason: String?
    /// Reported field path relative to the node, e.g. `.spec.x`.
    public var fieldPath: String?
    public var optionalOldSelf: Bool?

    public init(rule: String, message: String? = nil) {
        self.rule = rule
        self.message = message
    }
}
