extension SchemaValidator {
    /// Fills in `default` values for absent members, as the API server does on create, update and read.
    ///
    /// Like kube-apiserver, a `null` member whose schema is not `nullable` is replaced by its default,
    /// or dropped when it has none, and defaults are applied inside defaulted values too. The root
    /// itself is never replaced.
    public static func applyDefaults(_ value: JSONValue, schema: JSONSchemaProps) -> JSONValue {
        switch value {
        case .object(var fields):
            for (name, propertySchema) in schema.properties ?? [:] {
                let isNullable = propertySchema.nullable == true
                switch fields[name] {
                case nil:
                    if let fallback = propertySchema.default { fields[name] = fallback }
                case .null? where !isNullable:
                    fields[name] = propertySchema.default
                default:
                    break
                }
            }
            let extraSchema = schema.additionalPropertiesSchema
            for (name, member) in fields {
                if let propertySchema = schema.properties?[name] {
                    fields[name] = applyDefaults(member, schema: propertySchema)
                } else if let extraSchema {
                    fields[name] = applyDefaults(member, schema: extraSchema)
                }
            }
            return .object(fields)
        case .array(let items):
            guard let itemSchema = schema.items else { return value }
            return .array(items.map { applyDefaults($0, schema: itemSchema) })
        case .null, .bool, .int, .double, .string:
            return value
        }
    }
}
