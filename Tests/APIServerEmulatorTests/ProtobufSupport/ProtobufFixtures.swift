import DrawbridgeAPI
import Foundation

/// Builders for whole request bodies and expected JSON.
enum ProtobufFixtures {
    /// `k8s\0` + runtime.Unknown around `raw`, written like client-go (empty encoding and type included).
    static func body(apiVersion: String, kind: String, raw: [UInt8]) -> [UInt8] {
        [0x6B, 0x38, 0x73, 0x00]
            + ProtobufWriter.message { unknown in
                unknown.message(1) {
                    $0.string(1, apiVersion); $0.string(2, kind)
                }
                unknown.bytes(2, raw)
                unknown.string(3, "")
                unknown.string(4, "")
            }
    }

    /// Bytes from a hex string; spaces are ignored.
    static func hex(_ text: String) -> [UInt8] {
        let digits = Array(text.filter { !$0.isWhitespace })
        return stride(from: 0, to: digits.count - 1, by: 2).compactMap { UInt8(String(digits[$0...$0 + 1]), radix: 16) }
    }

    /// Parses a JSON literal for comparisons.
    static func json(_ text: String) throws -> JSONValue {
        try JSONCoding.decoder.decode(JSONValue.self, from: Data(text.utf8))
    }

    /// A gogo-style ObjectMeta with only a name: every other scalar written empty, as kubectl does.
    static func minimalMeta(_ name: String, namespace: String = "") -> (inout ProtobufWriter) -> Void {
        { meta in
            meta.string(1, name)
            meta.string(2, "")
            meta.string(3, namespace)
            meta.string(4, "")
            meta.string(5, "")
            meta.string(6, "")
            meta.int(7, 0)
            meta.bytes(8, [])
        }
    }
}
