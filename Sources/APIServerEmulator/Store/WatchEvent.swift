import DrawbridgeAPI

/// Where objects of one resource live: versions of a resource share storage, as in etcd.
public struct StorageKey: Hashable, Sendable, CustomStringConvertible {
    public var group: String
    public var plural: String

    public init(group: String, plural: String) {
        self.group = group
        self.plural = plural
    }

    public var description: String { group.isEmpty ? plural : "\(plural).\(group)" }
}

/// One persisted change, as the store logs it and watchers receive it.
public struct WatchEvent: Sendable {
    /// The watch event types of the Kubernetes wire protocol.
    public enum Kind: String, Sendable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
        case bookmark = "BOOKMARK"
        case error = "ERROR"
    }

    public var kind: Kind
    public var key: StorageKey
    public var namespace: String
    /// The object after the change (the last state for DELETED).
    public var object: JSONValue
    /// The object before the change, for selector transitions (nil for ADDED).
    public var previous: JSONValue?
    public var resourceVersion: Int64

    public init(
        kind: Kind, key: StorageKey, namespace: String, object: JSONValue, previous: JSONValue?, resourceVersion: Int64
    ) {
        self.kind = kind
        self.key = key
        self.namespace = namespace
        self.object = object
        self.previous = previous
        self.resourceVersion = resourceVersion
    }
}

/// Which changes a watch wants: one resource, optionally one namespace, and an object predicate
/// (label and field selectors) evaluated against the old and new state, as the real watch cache does.
public struct WatchFilter: Sendable {
    public var key: StorageKey
    public var namespace: String?
    public var matches: @Sendable (JSONValue) -> Bool

    public init(key: StorageKey, namespace: String?, matches: @escaping @Sendable (JSONValue) -> Bool = { _ in true }) {
        self.key = key
        self.namespace = namespace
        self.matches = matches
    }

    /// The event this watcher should see for `event`, if any: an object that stops matching is sent
    /// as DELETED and one that starts matching as ADDED.
    public func translate(_ event: WatchEvent) -> WatchEvent? {
        guard event.key == key else { return nil }
        if let namespace, !namespace.isEmpty, event.namespace != namespace { return nil }
        let newMatches = matches(event.object)
        let oldMatches = event.previous.map(matches) ?? false
        var translated = event
        switch event.kind {
        case .added:
            guard newMatches else { return nil }
        case .modified:
            switch (oldMatches, newMatches) {
            case (true, true): break
            case (false, true): translated.kind = .added
            case (true, false): translated.kind = .deleted
            case (false, false): return nil
            }
        case .deleted:
            guard newMatches || oldMatches else { return nil }
        case .bookmark, .error:
            break
        }
        return translated
    }
}
