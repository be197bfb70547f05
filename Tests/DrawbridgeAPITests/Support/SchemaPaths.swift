import DrawbridgeAPI

/// Field paths in one notation for schemas and data: `spec.roles[].kind`, map values as `.*`.
enum SchemaPaths {
    /// Every path the schema declares below `path`.
    static func declared(by schema: JSONSchemaProps, at path: String = "") -> Set<String> {
        var paths: Set<String> = []
        for (name, property) in schema.properties ?? [:] {
            let child = join(path, name)
            paths.insert(child)
            paths.formUnion(declared(by: property, at: child))
        }
        if let items = schema.items { paths.formUnion(declared(by: items, at: path + "[]")) }
        if case .schema(let values) = schema.additionalProperties {
            paths.insert(join(path, "*"))
            paths.formUnion(declared(by: values, at: join(path, "*")))
        }
        return paths
    }

    /// Every path present in `value`, named as the schema names it (an unknown member keeps its name,
    /// so it shows up as a path the schema does not declare).
    static func present(in value: JSONValue, schema: JSONSchemaProps?, at path: String = "") -> Set<String> {
        var paths: Set<String> = []
        switch value {
        case .object(let fields):
            for (name, member) in fields {
                let known = schema?.properties?[name]
                let values = known == nil ? schema?.additionalPropertiesSchema : nil
                let child = join(path, values == nil ? name : "*")
                paths.insert(child)
                paths.formUnion(present(in: member, schema: known ?? values, at: child))
            }
        case .array(let items):
            for item in items { paths.formUnion(present(in: item, schema: schema?.items, at: path + "[]")) }
        default:
            break
        }
        return paths
    }

    /// The schema node at a path in this notation, e.g. `status.approvals[].decision` (`*`: a map's values).
    static func node(_ path: String, in schema: JSONSchemaProps) -> JSONSchemaProps? {
        var node: JSONSchemaProps? = schema
        for part in path.split(separator: ".") {
            var name = Substring(part)
            var depth = 0
            while name.hasSuffix("[]") {
                name = name.dropLast(2)
                depth += 1
            }
            node = name == "*" ? node?.additionalPropertiesSchema : node?.properties?[String(name)]
            for _ in 0..<depth { node = node?.items }
        }
        return node
    }

    private static func join(_ path: String, _ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }
}
