import Foundation
import Yams

/// Converts YAML documents to JSON trees the way kubectl does before it talks to a server, so that
/// one decoding path (JSON) serves files, the API server and tests alike.
public enum YAMLJSON {
    /// Timestamps stay strings (Kubernetes times are strings on the wire); everything else follows
    /// the YAML core schema.
    private static var resolver: Resolver { Resolver.default.removing(.timestamp) }

    /// Every non-empty document in `text`, in order.
    public static func documents(in text: String) throws(ManifestError) -> [JSONValue] {
        do {
            var result: [JSONValue] = []
            for node in try Yams.compose_all(yaml: text, resolver) {
                let value = try json(from: node)
                if value != JSONValue.null { result.append(value) }
            }
            return result
        } catch let error as ManifestError {
            throw error
        } catch {
            throw ManifestError(document: nil, message: "not valid YAML: \(error)")
        }
    }

    private static func json(from node: Node) throws -> JSONValue {
        switch node {
        case .scalar(let scalar):
            // The resolved tag decides the type, so a quoted "true" stays a string. `node.tag` resolves
            // implicit tags; `scalar.tag` is still unresolved (`?`) here and would make every scalar a string.
            switch node.tag.rawValue {
            case Tag.Name.null.rawValue: return .null
            case Tag.Name.bool.rawValue: return node.bool.map(JSONValue.bool) ?? .string(scalar.string)
            case Tag.Name.int.rawValue: return node.int.map { .int(Int64($0)) } ?? .string(scalar.string)
            case Tag.Name.float.rawValue: return node.float.map(JSONValue.double) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .sequence(let sequence):
            return .array(try sequence.map(json(from:)))
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw ManifestError(document: nil, message: "mapping keys must be strings")
                }
                if object[keyScalar.string] != nil {
                    throw ManifestError(document: nil, message: "duplicate key \"\(keyScalar.string)\"")
                }
                object[keyScalar.string] = try json(from: value)
            }
            return .object(object)
        case .alias:
            throw ManifestError(document: nil, message: "YAML aliases are not supported in manifests")
        }
    }
}
