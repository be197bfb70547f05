extension SchemaValidator {
    /// Members every Kubernetes object keeps at its root (and inside embedded resources), whatever the schema says.
    static let typeMetaFields: Set<String> = ["apiVersion", "kind", "metadata"]

    /// Removes members the schema does not know, as the API server does before storing a custom resource.
    ///
    /// Members under `x-kubernetes-preserve-unknown-fields: true` are kept, and so are `apiVersion`,
    /// `kind` and `metadata` at the root and in embedded resources. Values of the wrong type are left
    /// alone for `validate` to report.
    ///
    /// - Returns: the pruned value and the paths removed (`spec.bogus`, `spec.items[0].extra`), which
    ///   `fieldValidation=Strict` turns into `unknown field "spec.bogus"` and `Warn` into warnings.
    public static func prune(_ value: JSONValue, schema: JSONSchemaProps) -> (JSONValue, unknownFieldPaths: [String]) {
        var removed: [String] = []
        let pruned = prune(value, schema, path: "", keepsTypeMeta: true, removed: &removed)
        return (pruned, removed)
    }

    private static func prune(
        _ value: JSONValue, _ schema: JSONSchemaProps, path: String, keepsTypeMeta: Bool, removed: inout [String]
    ) -> JSONValue {
        switch value {
        case .object(let fields):
            let extraSchema = schema.additionalPropertiesSchema
            var kept: [String: JSONValue] = [:]
            for name in fields.keys.sorted() {
                guard let member = fields[name] else { continue }
                let memberPath = child(path, name)
                if keepsTypeMeta && typeMetaFields.contains(name) {
                    // The server prunes metadata by ObjectMeta's rules, not by the CRD's `type: object`.
                    kept[name] = member
                } else if let propertySchema = schema.properties?[name] {
                    kept[name] = prune(
                        member, propertySchema, path: memberPath,
                        keepsTypeMeta: propertySchema.xEmbeddedResource == true,
                        removed: &removed)
                } else if let extraSchema {
                    kept[name] = prune(
                        member, extraSchema, path: memberPath, keepsTypeMeta: extraSchema.xEmbeddedResource == true,
                        removed: &removed)
                } else if schema.preservesUnknownFields {
                    kept[name] = member
                } else {
                    removed.append(memberPath)
                }
            }
            return .object(kept)
        case .array(let items):
            guard let itemSchema = schema.items else { return value }
            return .array(
                items.enumerated().map { index, item in
                    prune(
                        item, itemSchema, path: "\(path)[\(index)]",
                        keepsTypeMeta: itemSchema.xEmbeddedResource == true,
                        removed: &removed)
                })
        case .null, .bool, .int, .double, .string:
            return value
        }
    }
}
