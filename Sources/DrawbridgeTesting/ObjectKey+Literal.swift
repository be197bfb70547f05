import DrawbridgeAPI

/// Lets tests write keys as kubectl prints them (`"demo/a"`, or `"a"` for a cluster-scoped object).
/// Test support only: production code builds keys from objects, never from text.
extension ObjectKey: ExpressibleByStringLiteral {
    public init(stringLiteral text: String) {
        guard let slash = text.firstIndex(of: "/") else {
            self.init(namespace: nil, name: text)
            return
        }
        self.init(namespace: String(text[..<slash]), name: String(text[text.index(after: slash)...]))
    }
}
