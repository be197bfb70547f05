import Foundation

/// One API call as data: method, path, query, headers and body. Built by `KubeClient` and carried out
/// by a `KubeTransport`, so request construction is testable without any networking.
public struct KubeRequest: Sendable, Hashable {
    public var method: String
    /// Absolute path without query, e.g. `/apis/drawbridge.dev/v1alpha1/namespaces/demo/accessrequests`.
    public var path: String
    /// Query parameters in order; values are not yet percent-encoded.
    public var query: [QueryItem]
    /// Extra headers (`Content-Type` for bodies is set here too).
    public var headers: [String: String]
    public var body: [UInt8]?

    /// One `name=value` query parameter.
    public struct QueryItem: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(
        method: String, path: String, query: [QueryItem] = [], headers: [String: String] = [:], body: [UInt8]? = nil
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The verb as Kubernetes authorization names it, for metrics and logs (`get`, `list`, `watch`, ...).
    public var verb: String {
        switch method {
        case "GET": query.contains { $0.name == "watch" } ? "watch" : "get"
        case "POST": "create"
        case "PUT": "update"
        case "PATCH": "patch"
        case "DELETE": "delete"
        default: method.lowercased()
        }
    }

    /// `path?query` with the query percent-encoded as an API server expects.
    public var target: String {
        guard !query.isEmpty else { return path }
        let encoded = query.map { "\(Self.encode($0.name))=\(Self.encode($0.value))" }.joined(separator: "&")
        return "\(path)?\(encoded)"
    }

    static let allowed: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~")
        return set
    }()

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// A complete (non-streaming) answer.
public struct KubeResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header called `name`, case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }
}

/// A streaming answer (watches): the body arrives as chunks of arbitrary size.
public struct KubeStreamResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var chunks: AsyncThrowingStream<[UInt8], any Error>

    public init(status: Int, headers: [(String, String)] = [], chunks: AsyncThrowingStream<[UInt8], any Error>) {
        self.status = status
        self.headers = headers
        self.chunks = chunks
    }
}
