import DrawbridgeAPI
import Foundation

/// Turns one protobuf message into the JSON object kubectl would have sent for it, guided by a schema.
///
/// Zero values of plain fields are dropped (gogo-protobuf writes every proto2 scalar, so
/// `generateName: ""` on the wire means "not set"), as are messages that decode to `{}`, empty
/// Times, and lists and maps with no entries. Map values and list elements are kept verbatim.
/// Repeated occurrences of a singular scalar follow "last one wins"; of a singular message, they
/// merge, both as in the protobuf spec.
enum ProtobufMessageDecoder {
    /// Decodes `bytes` as `schema`; `path` (e.g. `Namespace.metadata`) prefixes error messages.
    static func decode(
        _ bytes: ArraySlice<UInt8>, as schema: ProtobufMessageSchema, path: String
    ) throws -> [String: JSONValue] {
        var object: [String: JSONValue] = [:]
        var lists: [String: [JSONValue]] = [:]
        var maps: [String: [String: JSONValue]] = [:]
        // Singular messages are merged by concatenating their bytes, then decoded once.
        var pending: [Int: [UInt8]] = [:]
        var reader = ProtobufReader(bytes)
        while let field = try reader.readField() {
            guard let spec = schema.fields[field.number] else { continue }
            let fieldPath = "\(path).\(spec.jsonName)"
            switch spec.type {
            case .string, .int64, .int32, .bool:
                let value = try scalar(field, spec: spec, path: fieldPath)
                if spec.isRepeated {
                    lists[spec.jsonName, default: []].append(value)
                } else {
                    object[spec.jsonName] = (spec.keepsZero || !isZero(value)) ? value : nil
                }
            case .message(let nested) where spec.isRepeated:
                let payload = try lengthDelimited(field, path: fieldPath)
                let element = try decode(payload, as: nested, path: fieldPath)
                lists[spec.jsonName, default: []].append(.object(element))
            case .message, .time:
                pending[field.number, default: []].append(contentsOf: try lengthDelimited(field, path: fieldPath))
            case .map(let values):
                let payload = try lengthDelimited(field, path: fieldPath)
                let (key, value) = try mapEntry(payload, values: values, path: fieldPath)
                maps[spec.jsonName, default: [:]][key] = value
            }
        }
        for (number, payload) in pending {
            guard let spec = schema.fields[number] else { continue }
            let fieldPath = "\(path).\(spec.jsonName)"
            switch spec.type {
            case .time(let digits):
                object[spec.jsonName] = try ProtobufTimestamp.decode(
                    payload[...], fractionalDigits: digits, path: fieldPath
                )
                .map(JSONValue.string)
            case .message(let nested):
                let decoded = try decode(payload[...], as: nested, path: fieldPath)
                object[spec.jsonName] = decoded.isEmpty ? nil : .object(decoded)
            default:
                continue
            }
        }
        for (name, items) in lists { object[name] = .array(items) }
        for (name, entries) in maps { object[name] = .object(entries) }
        return object
    }

    private static func scalar(_ field: ProtobufField, spec: ProtobufFieldSchema, path: String) throws -> JSONValue {
        if case .string = spec.type {
            return .string(try string(try lengthDelimited(field, path: path), path: path))
        }
        guard case .varint(let raw) = field.value else {
            throw ProtobufDecodingError.wrongWireType(
                field: path, found: field.wireType.rawValue, expected: ProtobufWireType.varint.rawValue)
        }
        switch spec.type {
        case .int32: return .int(Int64(Int32(truncatingIfNeeded: raw)))
        case .bool: return .bool(raw != 0)
        default: return .int(Int64(bitPattern: raw))
        }
    }

    private static func mapEntry(
        _ bytes: ArraySlice<UInt8>, values: ProtobufMapValue, path: String
    ) throws -> (String, JSONValue) {
        var key = ""
        var value: JSONValue
        switch values {
        case .string, .bytes: value = .string("")
        case .stringList: value = .array([])
        }
        var reader = ProtobufReader(bytes)
        while let field = try reader.readField() {
            switch field.number {
            case 1:
                key = try string(try lengthDelimited(field, path: "\(path).key"), path: "\(path).key")
            case 2:
                let payload = try lengthDelimited(field, path: "\(path).value")
                switch values {
                case .string: value = .string(try string(payload, path: "\(path).value"))
                case .bytes: value = .string(Data(payload).base64EncodedString())
                case .stringList: value = .array(try stringList(payload, path: "\(path).value"))
                }
            default:
                continue
            }
        }
        return (key, value)
    }

    /// Decodes `ExtraValue {1: repeated string items}`.
    private static func stringList(_ bytes: ArraySlice<UInt8>, path: String) throws -> [JSONValue] {
        var items: [JSONValue] = []
        var reader = ProtobufReader(bytes)
        while let field = try reader.readField() {
            guard field.number == 1 else { continue }
            items.append(.string(try string(try lengthDelimited(field, path: path), path: path)))
        }
        return items
    }

    private static func lengthDelimited(_ field: ProtobufField, path: String) throws -> ArraySlice<UInt8> {
        guard case .lengthDelimited(let payload) = field.value else {
            throw ProtobufDecodingError.wrongWireType(
                field: path, found: field.wireType.rawValue, expected: ProtobufWireType.lengthDelimited.rawValue)
        }
        return payload
    }

    private static func string(_ bytes: ArraySlice<UInt8>, path: String) throws -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ProtobufDecodingError.invalidUTF8(field: path)
        }
        return text
    }

    private static func isZero(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let text): text.isEmpty
        case .int(let number): number == 0
        case .bool(let flag): !flag
        default: false
        }
    }
}
