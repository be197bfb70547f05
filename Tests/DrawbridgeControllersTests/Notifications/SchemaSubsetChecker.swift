import DrawbridgeAPI
import Foundation

/// Checks a JSON value against the subset of JSON Schema 2020-12 that docs/notifications.schema.json
/// uses, so the Swift tests can hold the encoder to the documented schema without a schema library
/// (the Python conformance suite checks the same golden events with a complete validator).
/// A keyword outside the subset is itself an error, so the schema cannot grow past what is checked.
struct SchemaSubsetChecker {
    /// The whole schema document, for `#/$defs/...` references.
    let root: JSONValue

    /// Keywords that only annotate.
    static let annotations: Set<String> = ["$schema", "$defs", "title", "description", "format"]
    static let checked: Set<String> = [
        "$ref", "type", "const", "enum", "required", "properties", "additionalProperties", "items", "pattern",
        "minimum", "minLength",
    ]

    /// Every way `value` (at `path`) breaks `schema` (the root when nil), as `path: problem` lines.
    func problems(_ value: JSONValue, _ schema: JSONValue? = nil, at path: String = "$") -> [String] {
        let schema = schema ?? root
        guard let keywords = schema.objectValue else { return ["\(path): the schema is not an object"] }
        var found: [String] = []
        for keyword in keywords.keys.sorted()
        where !Self.annotations.contains(keyword) && !Self.checked.contains(keyword) {
            found.append("\(path): the checker does not know the keyword \(keyword)")
        }
        if let reference = keywords["$ref"]?.stringValue {
            let name = reference.replacingOccurrences(of: "#/$defs/", with: "")
            guard let target = root["$defs"]?[name] else { return found + ["\(path): no definition \(reference)"] }
            found += problems(value, target, at: path)
        }
        if let type = keywords["type"]?.stringValue, !Self.has(value, type: type) {
            found.append("\(path): expected a \(type), got \(value)")
        }
        if let constant = keywords["const"], value != constant { found.append("\(path): expected \(constant)") }
        if let choices = keywords["enum"]?.arrayValue, !choices.contains(value) {
            found.append("\(path): \(value) is not one of the enum")
        }
        if let pattern = keywords["pattern"]?.stringValue, let text = value.stringValue {
            do {
                if text.firstMatch(of: try Regex(pattern)) == nil { found.append("\(path): does not match \(pattern)") }
            } catch {
                found.append("\(path): bad pattern \(pattern)")
            }
        }
        if case .int(let number) = value, case .int(let minimum)? = keywords["minimum"], number < minimum {
            found.append("\(path): below \(minimum)")
        }
        if case .int(let minimum)? = keywords["minLength"], let text = value.stringValue, text.count < minimum {
            found.append("\(path): shorter than \(minimum)")
        }
        if let items = keywords["items"], let elements = value.arrayValue {
            for (index, element) in elements.enumerated() { found += problems(element, items, at: "\(path)[\(index)]") }
        }
        if let members = value.objectValue {
            let properties = keywords["properties"]?.objectValue ?? [:]
            for name in keywords["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[name] == nil {
                found.append("\(path): missing required \(name)")
            }
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                if let property = properties[name] {
                    found += problems(member, property, at: "\(path).\(name)")
                } else if keywords["additionalProperties"] == .bool(false) {
                    found.append("\(path): \(name) is not allowed")
                }
            }
        }
        return found
    }

    static func has(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("string", .string), ("integer", .int), ("object", .object), ("array", .array), ("boolean", .bool):
            true
        default:
            false
        }
    }
}
