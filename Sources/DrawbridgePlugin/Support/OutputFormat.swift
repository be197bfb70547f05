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

    /// `value` as indented JSON with sorted keys (kubectl indents by four spaces), ending in a newline.
    public static func json<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        // Foundation indents by two spaces; kubectl by four.
        let lines = text.split(separator: "\n" as Character, omittingEmptySubsequences: false)
        let indented = lines.map { line -> String in
            let spaces = line.prefix(while: { $0 == " " }).count
            return String(repeating: " ", count: spaces * 2) + line.dropFirst(spaces)
        }
        return indented.joined(separator: "\n") + "\n"
    }

    /// `value` as YAML with sorted keys; strings that YAML would read as something else are quoted.
    public static func yaml<Value: Encodable>(_ value: Value) throws -> String {
        let tree = try JSONValue(encoding: value)
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
        let kind = R.kind.lowercased()
        return R.group.isEmpty ? "\(kind)/\(object.metadata.name ?? "")" : "\(kind).\(R.group)/\(object.metadata.name ?? "")"
    }
}
