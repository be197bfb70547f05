import Foundation

/// Any JSON value, kept exactly as the server sent it.
///
/// Exists so that fields Drawbridge does not model (newer API fields, `managedFields`, CRD extensions)
/// survive a read-modify-write cycle instead of being silently dropped.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// Integers are kept apart from doubles so that int64 values such as `generation` round-trip exactly.
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The value under `key` when this is an object. Setting turns a non-object into an object.
    public subscript(key: String) -> JSONValue? {
        get {
            if case .object(let fields) = self { return fields[key] }
            return nil
        }
        set {
            var fields = objectValue ?? [:]
            fields[key] = newValue
            self = .object(fields)
        }
    }

    /// The string payload, if this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The fields, if this is an object.
    public var objectValue: [String: JSONValue]? {
        if case .object(let fields) = self { return fields }
        return nil
    }

    /// The elements, if this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }
}

extension JSONValue: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Each failed attempt throws (and costs), so try the shapes in the order Kubernetes objects
        // use them most: strings, objects, arrays, then scalars. Int64 before Double keeps integers exact.
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension JSONValue {
    /// Converts an Encodable value to its JSON tree (used to compare and patch objects generically).
    public init<T: Encodable>(encoding value: T) throws {
        let data = try JSONCoding.encoder.encode(value)
        self = try JSONCoding.decoder.decode(JSONValue.self, from: data)
    }

    /// Parses a JSON document: request and response bodies, watch lines, AdmissionReviews.
    public static func parse<Bytes: Sequence>(_ bytes: Bytes) throws -> JSONValue where Bytes.Element == UInt8 {
        try JSONCoding.decoder.decode(JSONValue.self, from: Data(bytes))
    }

    /// Decodes a typed value from this JSON tree (with `decoder`, say one that decodes for a cache).
    public func decode<T: Decodable>(as type: T.Type = T.self, using decoder: JSONDecoder = JSONCoding.decoder) throws
        -> T
    {
        try decoder.decode(T.self, from: JSONCoding.encoder.encode(self))
    }
}

/// The encoder and decoder settings every Drawbridge component shares, so wire output is stable.
public enum JSONCoding {
    /// Sorted keys keep output deterministic (stable diffs, stable hashes, reproducible tests).
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Plain decoder; time fields decode through `KubeTime`, not a global date strategy.
    public static var decoder: JSONDecoder { JSONDecoder() }
}
