import DrawbridgeAPI

/// A JSON pointer (RFC 6901) such as `/metadata/labels/drawbridge.dev~1request`.
///
/// Exists so JSON patch can address members and array elements with the standard escapes
/// (`~1` for `/`, `~0` for `~`) and the `-` end-of-array marker.
public struct JSONPointer: Hashable, Sendable, CustomStringConvertible {
    /// The unescaped reference tokens; empty for the whole document.
    public var tokens: [String]

    /// Parses pointer text; the empty string is the whole document.
    ///
    /// - Throws: `JSONPatchError` (`.malformed`) when the text does not start with `/` or has a bad `~` escape.
    public init(_ text: String) throws(JSONPatchError) {
        guard !text.isEmpty else {
            tokens = []
            return
        }
        guard text.hasPrefix("/") else {
            throw JSONPatchError(.malformed, "JSON pointer must be empty or start with a \"/\": \(text)")
        }
        var parsed: [String] = []
        for raw in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            var token = ""
            var iterator = raw.makeIterator()
            while let character = iterator.next() {
                guard character == "~" else {
                    token.append(character)
                    continue
                }
                switch iterator.next() {
                case "0": token.append("~")
                case "1": token.append("/")
                default: throw JSONPatchError(.malformed, "invalid JSON pointer escape in \(text)")
                }
            }
            parsed.append(token)
        }
        tokens = parsed
    }

    /// Wraps unescaped tokens.
    public init(tokens: [String]) {
        self.tokens = tokens
    }

    /// The escaped pointer text.
    public var description: String {
        tokens.map { token in
            "/" + token.map { $0 == "~" ? "~0" : $0 == "/" ? "~1" : String($0) }.joined()
        }.joined()
    }

    /// True when `self` is `other` or one of its ancestors.
    public func isPrefix(of other: JSONPointer) -> Bool {
        other.tokens.count >= tokens.count && Array(other.tokens.prefix(tokens.count)) == tokens
    }

    /// An array index token: decimal digits without a leading zero (RFC 6901 section 4).
    static func index(_ token: String) -> Int? {
        guard !token.isEmpty, token.allSatisfy({ $0.isASCII && $0.isNumber }), token == "0" || !token.hasPrefix("0")
        else { return nil }
        return Int(token)
    }
}
