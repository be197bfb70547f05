import DrawbridgeAPI

/// Which fields each kind exposes to field selectors, and their values for one object.
///
/// Exists so the store can filter any kind generically: the caller computes `fields(of:type:)` once per
/// object and hands it to `matches(_:)`, and checks the query with `validate(allowed: allowedFields(for:), …)`.
extension FieldSelectorQuery {
    /// Fields of an object reference, as core/v1 `involvedObject` and events.k8s.io/v1 `regarding` carry them.
    static let objectReferenceFields = [
        "kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath",
    ]

    /// Selectable field name → path inside the object, for kinds with fields beyond name and namespace.
    static func extraFieldPaths(for type: ResourceType) -> [String: [String]] {
        switch (type.group, type.kind) {
        case ("", "Event"):
            var paths = Dictionary(
                uniqueKeysWithValues: objectReferenceFields.map { ("involvedObject.\($0)", ["involvedObject", $0]) })
            paths["reason"] = ["reason"]
            paths["reportingComponent"] = ["reportingComponent"]
            paths["source"] = ["source", "component"]
            paths["type"] = ["type"]
            return paths
        case ("events.k8s.io", "Event"):
            var paths = Dictionary(
                uniqueKeysWithValues: objectReferenceFields.map { ("regarding.\($0)", ["regarding", $0]) })
            paths["reason"] = ["reason"]
            paths["reportingController"] = ["reportingController"]
            paths["type"] = ["type"]
            return paths
        case ("", "Namespace"):
            return ["status.phase": ["status", "phase"]]
        default:
            guard type.isCustom else { return [:] }
            var paths: [String: [String]] = [:]
            for jsonPath in type.selectableFields {
                let steps = jsonPath.split(separator: ".").map(String.init)
                if !steps.isEmpty { paths[steps.joined(separator: ".")] = steps }
            }
            return paths
        }
    }

    /// Every field a selector on `type` may name: `metadata.name`, `metadata.namespace` and the kind's extras
    /// (CRD `selectableFields` are named without their leading dot, as the real server names them).
    public static func allowedFields(for type: ResourceType) -> Set<String> {
        Set(["metadata.name", "metadata.namespace"]).union(extraFieldPaths(for: type).keys)
    }

    /// The selectable fields of `object`, with scalars rendered as strings.
    ///
    /// Fields missing from the object are left out; `matches(_:)` treats them as the empty string, which is
    /// what the real server compares them as.
    public static func fields(of object: JSONValue, type: ResourceType) -> [String: String] {
        var fields = [
            "metadata.name": object[path: ["metadata", "name"]]?.stringValue ?? "",
            "metadata.namespace": object[path: ["metadata", "namespace"]]?.stringValue ?? "",
        ]
        for (field, path) in extraFieldPaths(for: type) {
            if let value = object[path: path].flatMap(scalarText) { fields[field] = value }
        }
        return fields
    }

    /// A scalar as text (`true`, `3`, `1.5`, the string itself); nil for null, arrays and objects.
    static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number):
            if let whole = Int64(exactly: number) { return String(whole) }
            return String(number)
        case .null, .array, .object: return nil
        }
    }
}
