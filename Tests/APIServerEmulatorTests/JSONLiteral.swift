import DrawbridgeAPI
import Foundation

/// Parses JSON text written in a test into a `JSONValue`, so cases read like the RFC examples.
func json(_ text: String) throws -> JSONValue {
    try JSONCoding.decoder.decode(JSONValue.self, from: Data(text.utf8))
}
