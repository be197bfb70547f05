import DrawbridgeAPI

/// Splits a watch body (one JSON object per line, chunked arbitrarily by the network) into events.
public struct WatchStreamDecoder<R: KubeResource>: Sendable {
    private var buffer: [UInt8] = []

    public init() {}

    /// Feeds a chunk; returns every event completed by it. A line that is not JSON throws.
    public mutating func feed(_ chunk: [UInt8]) throws -> [WatchEvent<R>] {
        buffer += chunk
        var events: [WatchEvent<R>] = []
        while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            let line = Array(buffer[..<newline])
            buffer.removeSubrange(...newline)
            if line.allSatisfy({ $0 == 32 || $0 == 13 }) { continue }
            events.append(try Self.decode(line: line))
        }
        return events
    }

    /// Whatever is left when the stream ends (a final line without newline).
    public mutating func finish() throws -> [WatchEvent<R>] {
        defer { buffer = [] }
        return try feed([UInt8(ascii: "\n")])
    }

    static func decode(line: [UInt8]) throws -> WatchEvent<R> {
        let json = try JSONValue.parse(line)
        let type = json["type"]?.stringValue ?? ""
        let object = json["object"] ?? .object([:])
        switch type {
        case "BOOKMARK":
            return .bookmark(resourceVersion: object["metadata"]?["resourceVersion"]?.stringValue ?? "")
        case "ERROR":
            let status = (try? object.decode(as: APIStatus.self)) ?? APIStatus(code: 500, message: "\(object)")
            return .error(status)
        case "ADDED", "MODIFIED", "DELETED":
            do {
                let value = try object.decode(as: R.self)
                switch type {
                case "ADDED": return .added(value)
                case "MODIFIED": return .modified(value)
                default: return .deleted(value)
                }
            } catch {
                return .undecodable(type: type, UndecodableObject(raw: object, error: "\(error)"))
            }
        default:
            throw WatchStreamError(message: "unknown watch event type \"\(type)\"")
        }
    }
}

/// A watch stream that broke the protocol (not JSON, unknown event type).
public struct WatchStreamError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { "watch stream: \(message)" }
}

extension JSONValue {
    /// Parses JSON bytes.
    static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        try JSONCoding.decoder.decode(JSONValue.self, from: Data(bytes))
    }
}

import Foundation
