import DrawbridgeAPI

/// Splits a watch body (one JSON object per line, chunked arbitrarily by the network) into events.
public struct WatchStreamDecoder<R: KubeResource>: Sendable {
    private var buffer: [UInt8] = []
    /// Decodes objects as informer caches keep them (`CacheDecoding`: no `managedFields`).
    let forCache: Bool

    public init(forCache: Bool = false) {
        self.forCache = forCache
    }

    /// Feeds a chunk; returns every event completed by it. A line that is not JSON throws.
    public mutating func feed(_ chunk: [UInt8]) throws -> [WatchEvent<R>] {
        buffer += chunk
        var events: [WatchEvent<R>] = []
        while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            let line = Array(buffer[..<newline])
            buffer.removeSubrange(...newline)
            if line.allSatisfy({ $0 == 32 || $0 == 13 }) { continue }
            events.append(try Self.decode(line: line, forCache: forCache))
        }
        return events
    }

    /// Whatever is left when the stream ends (a final line without newline).
    public mutating func finish() throws -> [WatchEvent<R>] {
        defer { buffer = [] }
        return try feed([UInt8(ascii: "\n")])
    }

    static func decode(line: [UInt8], forCache: Bool = false) throws -> WatchEvent<R> {
        // The common case first: an object event decoded straight from the bytes. Going through a
        // JSONValue tree, re-encoding the object and decoding that parsed every event three times.
        let decoder = forCache ? CacheDecoding.decoder : JSONCoding.decoder
        if let typed = try? decoder.decode(TypedLine.self, from: Data(line)) {
            switch typed.type {
            case "ADDED": return .added(typed.object)
            case "MODIFIED": return .modified(typed.object)
            case "DELETED": return .deleted(typed.object)
            default: break
            }
        }
        let json = try JSONValue.parse(line)
        let type = json["type"]?.stringValue ?? ""
        let object = json["object"] ?? .object([:])
        switch type {
        case "BOOKMARK":
            return .bookmark(resourceVersion: object["metadata"]?["resourceVersion"]?.stringValue ?? "")
        case "ERROR":
            // An ERROR whose object is not a Status is reported with the object as sorted JSON: a
            // dictionary's description has no fixed key order (found by the watch-stream fuzz harness).
            let status =
                (try? object.decode(as: APIStatus.self))
                ?? APIStatus(
                    code: 500,
                    message: (try? JSONCoding.encoder.encode(object)).map { String(decoding: $0, as: UTF8.self) }
                        ?? "unreadable ERROR object")
            return .error(status)
        case "ADDED", "MODIFIED", "DELETED":
            do {
                let value = try object.decode(as: R.self, using: decoder)
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

extension WatchStreamDecoder {
    /// One event line whose object decodes as `R`.
    struct TypedLine: Decodable {
        var type: String
        var object: R
    }
}

/// A watch stream that broke the protocol (not JSON, unknown event type).
public struct WatchStreamError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { "watch stream: \(message)" }
}

import Foundation
