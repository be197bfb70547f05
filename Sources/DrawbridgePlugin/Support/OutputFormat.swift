import DrawbridgeAPI
import Foundation
import Yams

/// `-o table|json|yaml|name`, as kubectl spells them: a table (or text) for people, JSON and YAML
/// for scripts, `kind.group/name` lines for piping into another kubectl command.
public enum OutputFormat: String, Sendable, Hashable, CaseIterable {
    /// Aligned columns or prose, for a terminal.
    case table
    /// The objects as JSON, a list as kubectl's `{"kind": "List", "items": [...]}`.
    case json
    /// The same as YAML.
    case yaml
    /// `accessrequest.drawbridge.dev/NAME` per object.
    case name

    /// `value` as kubectl prints JSON: four-space indent, `"key": value`, sorted keys, `[]` and `{}`
    /// for empty collections, ending in a newline; `metadata.managedFields` left out as kubectl does
    /// unless asked.
    public static func json<Value: Encodable>(_ value: Value) throws -> String {
        var text = ""
        write(withoutManagedFields(try JSONValue(encoding: value)), indent: 0, to: &text)
        return text + "\n"
    }

    /// Appends `value` at `indent` levels.
    static func write(_ value: JSONValue, indent: Int, to text: inout String) {
        let pad = String(repeating: " ", count: (indent + 1) * 4)
        let close = String(repeating: " ", count: indent * 4)
        switch value {
        case .array(let items) where !items.isEmpty:
            text += "[\n"
            for (index, item) in items.enumerated() {
                text += pad
                write(item, indent: indent + 1, to: &text)
                text += index == items.count - 1 ? "\n" : ",\n"
            }
            text += close + "]"
        case .object(let members) where !members.isEmpty:
            text += "{\n"
            let sorted = members.sorted { $0.key < $1.key }
            for (index, member) in sorted.enumerated() {
                text += pad + scalar(.string(member.key)) + ": "
                write(member.value, indent: indent + 1, to: &text)
                text += index == sorted.count - 1 ? "\n" : ",\n"
            }
            text += close + "}"
        case .array: text += "[]"
        case .object: text += "{}"
        default: text += scalar(value)
        }
    }

    /// A string, number, boolean or null as JSON text (escaping by the shared encoder).
    static func scalar(_ value: JSONValue) -> String {
        let data = (try? JSONCoding.encoder.encode(value)) ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// `value` without `metadata.managedFields` on itself or on the items of a list.
    static func withoutManagedFields(_ value: JSONValue) -> JSONValue {
        guard case .object(var members) = value else { return value }
        if case .object(var metadata)? = members["metadata"] {
            metadata["managedFields"] = nil
            members["metadata"] = .object(metadata)
        }
        if case .array(let items)? = members["items"] {
            members["items"] = .array(items.map(withoutManagedFields))
        }
        return .object(members)
    }

    /// `value` as YAML with sorted keys; strings that YAML would read as something else are quoted.
    public static func yaml<Value: Encodable>(_ value: Value) throws -> String {
        let tree = withoutManagedFields(try JSONValue(encoding: value))
        let encoder = YAMLEncoder()
        encoder.options.sortKeys = true
        return try encoder.encode(tree)
    }

    /// A kubectl `List` holding `items`, as `kubectl get -o json` prints several objects.
    public static func list<Item: Encodable>(_ items: [Item]) throws -> JSONValue {
        [
            "apiVersion": "v1", "kind": "List", "metadata": ["resourceVersion": ""],
            "items": .array(try items.map { try JSONValue(encoding: $0) }),
        ]
    }

    /// `accessrequest.drawbridge.dev/NAME`: the lower-case kind and the group, as `-o name` prints.
    public static func name<R: KubeResource>(_ object: R) -> String {
        qualifiedName(R.self, object.metadata.name ?? "")
    }

    /// A request of either kind by `-o name`: `clusteraccessrequest.drawbridge.dev/NAME` for one
    /// without a namespace.
    public static func name(_ request: AccessRequest) -> String {
        request.isClusterWide
            ? qualifiedName(ClusterAccessRequest.self, request.metadata.name ?? "")
            : qualifiedName(AccessRequest.self, request.metadata.name ?? "")
    }

    static func qualifiedName<R: KubeResource>(_ type: R.Type, _ name: String) -> String {
        let kind = R.kind.lowercased()
        return R.group.isEmpty ? "\(kind)/\(name)" : "\(kind).\(R.group)/\(name)"
    }

    /// A request as the API server holds it, for `-o json|yaml`: a ClusterAccessRequest (its kind,
    /// no namespace) when it has no namespace.
    public static func wire(_ request: AccessRequest) throws -> JSONValue {
        request.isClusterWide
            ? try JSONValue(encoding: ClusterAccessRequest(request)) : try JSONValue(encoding: request)
    }
}
