import DrawbridgeAPI

/// What the emulator answers: a status, headers, and either a complete body or a stream of chunks
/// (watches), which the HTTP adapter sends with chunked transfer encoding.
public struct APIResponse: Sendable {
    /// A complete body or a stream of chunks.
    public enum Body: Sendable {
        case bytes([UInt8])
        case stream(AsyncStream<[UInt8]>)
    }

    public var status: Int
    public var headers: [(String, String)]
    public var body: Body

    public init(status: Int, headers: [(String, String)] = [], body: Body = .bytes([])) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON answer (`Content-Type: application/json` unless `contentType` says otherwise).
    public static func json(
        _ value: JSONValue, status: Int = 200, contentType: String = "application/json",
        warnings: [String] = []
    ) -> APIResponse {
        var headers = [("Content-Type", contentType)]
        for warning in warnings {
            headers.append(("Warning", "299 - \"\(warning.replacingOccurrences(of: "\"", with: "\\\""))\""))
        }
        return APIResponse(status: status, headers: headers, body: .bytes(JSONWire.encode(value)))
    }

    /// The complete body, when it is not a stream (tests).
    public var bodyBytes: [UInt8] {
        if case .bytes(let bytes) = body { return bytes }
        return []
    }

    /// The value of the first header called `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

import Foundation

/// Fast, stable JSON encoding of `JSONValue` trees for the wire (sorted keys, no escaped slashes).
public enum JSONWire {
    /// Encodes `value`; `JSONValue` always encodes, so failure is impossible in practice and yields `{}`.
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, into: &out)
        return out
    }

    /// Decodes a JSON document.
    public static func decode(_ bytes: [UInt8]) throws -> JSONValue {
        try JSONValue.parse(bytes)
    }

    static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out += Array("null".utf8)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .int(let i): out += Array(String(i).utf8)
        case .double(let d):
            if d.isFinite, d.rounded() == d, abs(d) < 1e15 {
                out += Array(String(Int64(d)).utf8)
            } else if d.isFinite {
                out += Array("\(d)".utf8)
            } else {
                out += Array("null".utf8)
            }
        case .string(let s): writeString(s, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            out.append(UInt8(ascii: "{"))
            for (index, key) in fields.keys.sorted().enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                if let field = fields[key] { write(field, into: &out) }
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [92, 34]
            case UInt8(ascii: "\\"): out += [92, 92]
            case 0x0A: out += [92, UInt8(ascii: "n")]
            case 0x0D: out += [92, UInt8(ascii: "r")]
            case 0x09: out += [92, UInt8(ascii: "t")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += [92, UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
