/// One HTTP request as the emulator sees it, independent of any HTTP library, so the whole API
/// server can be driven in-process by tests and by the thin HTTP adapter alike.
public struct APIRequest: Sendable {
    public var method: String
    /// Path without the query string, e.g. `/api/v1/namespaces/demo/configmaps`.
    public var path: String
    /// Decoded query parameters; a repeated parameter keeps every value.
    public var query: [String: [String]]
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(
        method: String, path: String, query: [String: [String]] = [:], headers: [String: String] = [:],
        body: [UInt8] = []
    ) {
        self.method = method.uppercased()
        self.path = path
        self.query = query
        self.headers = Dictionary(
            headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
        self.body = body
    }

    /// Parses `target` (`/path?a=1&b=2`) into path and query, percent-decoding both.
    public init(method: String, target: String, headers: [String: String] = [:], body: [UInt8] = []) {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var query: [String: [String]] = [:]
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = Self.decode(kv[0])
                query[key, default: []].append(kv.count > 1 ? Self.decode(kv[1]) : "")
            }
        }
        self.init(method: method, path: Self.decode(parts.first ?? ""), query: query, headers: headers, body: body)
    }

    /// The first value of a query parameter.
    public func parameter(_ name: String) -> String? { query[name]?.first }

    /// True for `watch=true`/`watch=1`.
    public var isWatch: Bool { ["true", "1"].contains(parameter("watch") ?? "") }

    /// The `Content-Type` without parameters (`application/json`).
    public var contentType: String {
        (headers["content-type"] ?? "application/json").split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces)
        } ?? "application/json"
    }

    static func decode(_ text: Substring) -> String {
        let plusAsSpace = text.replacingOccurrences(of: "+", with: " ")
        return plusAsSpace.removingPercentEncoding ?? plusAsSpace
    }
}

import Foundation
