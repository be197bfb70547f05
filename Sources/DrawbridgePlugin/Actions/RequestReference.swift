import DrawbridgeAPI

/// Which request a review command names, read as kubectl reads `TYPE/NAME`: a bare name or
/// `ar/NAME` is an AccessRequest in the session's namespace; `car/NAME` (or
/// `clusteraccessrequest/NAME`) is a ClusterAccessRequest, which has no namespace.
public struct RequestReference: Hashable, Sendable {
    /// The request's name.
    public var name: String
    /// True for a ClusterAccessRequest.
    public var clusterWide: Bool

    /// A request by name and kind.
    public init(name: String, clusterWide: Bool = false) {
        self.name = name
        self.clusterWide = clusterWide
    }

    /// The reference to `request`: a ClusterAccessRequest when it has no namespace.
    public init(_ request: AccessRequest) {
        self.init(name: request.metadata.name ?? "", clusterWide: request.isClusterWide)
    }

    /// How the commands take it (what `parse` reads back): `car/NAME`, or the bare NAME of an
    /// AccessRequest (whose namespace goes in `-n`).
    public var argument: String {
        clusterWide ? "car/\(name)" : name
    }

    /// The spellings of each kind kubectl accepts: short name, singular, plural, and the plural with
    /// its group.
    static let namespacedTypes: Set<String> = [
        "ar", "accessrequest", "accessrequests", "accessrequests.drawbridge.dev", "accessrequest.drawbridge.dev",
    ]
    static let clusterTypes: Set<String> = [
        "car", "clusteraccessrequest", "clusteraccessrequests", "clusteraccessrequests.drawbridge.dev",
        "clusteraccessrequest.drawbridge.dev",
    ]

    /// Parses `NAME`, `ar/NAME` or `car/NAME`; the error says what is accepted.
    public static func parse(_ text: String) -> Result<RequestReference, RequestReferenceError> {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else {
            return text.isEmpty ? .failure(RequestReferenceError(text)) : .success(RequestReference(name: text))
        }
        let type = parts[0].lowercased()
        guard !parts[1].isEmpty, !parts[1].contains("/") else { return .failure(RequestReferenceError(text)) }
        if namespacedTypes.contains(type) { return .success(RequestReference(name: parts[1])) }
        if clusterTypes.contains(type) { return .success(RequestReference(name: parts[1], clusterWide: true)) }
        return .failure(RequestReferenceError(text))
    }
}

/// A request argument that names neither kind.
public struct RequestReferenceError: Error, Hashable, Sendable, CustomStringConvertible {
    public var text: String

    init(_ text: String) { self.text = text }

    public var description: String {
        "\"\(text)\" is not a request: give NAME or ar/NAME (an AccessRequest), or car/NAME (a ClusterAccessRequest)"
    }
}
