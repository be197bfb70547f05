import DrawbridgeAPI

/// One page of a list: the items that decoded, the ones that did not (a malformed object must never
/// hide the others), and where to continue.
public struct ObjectList<R: KubeResource>: Sendable {
    public var items: [R]
    /// Items that could not be decoded as `R`, with their raw JSON and the reason.
    public var undecodable: [UndecodableObject]
    /// The list's `metadata.resourceVersion`: where a watch starts.
    public var resourceVersion: String
    /// `metadata.continue`; nil on the last page.
    public var continueToken: String?

    public init(
        items: [R], undecodable: [UndecodableObject] = [], resourceVersion: String, continueToken: String? = nil
    ) {
        self.items = items
        self.undecodable = undecodable
        self.resourceVersion = resourceVersion
        self.continueToken = continueToken
    }
}

/// An object the API served that is not a valid `R` (schema drift, a hand-edited object).
public struct UndecodableObject: Sendable, Hashable {
    public var raw: JSONValue
    public var error: String

    public init(raw: JSONValue, error: String) {
        self.raw = raw
        self.error = error
    }

    public var name: String { raw["metadata"]?["name"]?.stringValue ?? "" }
    public var namespace: String? { raw["metadata"]?["namespace"]?.stringValue }
    /// The object's key, as far as its metadata can be read.
    public var key: ObjectKey { ObjectKey(namespace: namespace, name: name) }
}
