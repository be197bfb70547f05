/// A manifest that cannot be turned into an object, with the one line a person needs to fix it.
public struct ManifestError: Error, Hashable, Sendable, CustomStringConvertible {
    /// 1-based index of the YAML document in its file, when known.
    public var document: Int?
    /// What is wrong, naming the field path (`spec.role.kind: ...`).
    public var message: String

    public init(document: Int?, message: String) {
        self.document = document
        self.message = message
    }

    public var description: String {
        guard let document else { return message }
        return "document \(document): \(message)"
    }

    /// Rewrites a Swift `DecodingError` as `field.path: problem`, never a type dump.
    public static func describing(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ codingPath: [CodingKey], _ last: CodingKey? = nil) -> String {
            let keys = codingPath + (last.map { [$0] } ?? [])
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            let trimmed = text.hasPrefix(".") ? String(text.dropFirst()) : text
            return trimmed.isEmpty ? "(root)" : trimmed
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath, key)): Required value"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(typeName(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(typeName(type)), found null"
        case .dataCorrupted(let context):
            let reason = context.debugDescription
            if let underlying = context.underlyingError as? DecodingError {
                return describing(underlying)
            }
            if reason.hasPrefix("Cannot initialize") {
                return "\(path(context.codingPath)): unsupported value"
            }
            return "\(path(context.codingPath)): \(reason)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int32.Type, is Int64.Type: "an integer"
        case is Bool.Type: "a boolean"
        case is Double.Type: "a number"
        default:
            String(describing: type).hasPrefix("Array") ? "a list" : "an object"
        }
    }
}
