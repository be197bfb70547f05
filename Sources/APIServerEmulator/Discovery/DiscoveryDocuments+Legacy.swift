import DrawbridgeAPI

/// The pre-aggregation discovery documents. kubectl falls back to them when `/api` or `/apis` lack
/// the aggregated content type, and `kubectl auth can-i` fetches the per-group-version
/// `APIResourceList` on every run regardless.
extension DiscoveryDocuments {
    /// `APIVersions` for legacy `GET /api`.
    public func apiVersions(serverAddress: String) -> JSONValue {
        let core = groups.first { $0.name.isEmpty }?.versions.map(\.version) ?? []
        return .object([
            "kind": .string("APIVersions"),
            "versions": .array((core.isEmpty ? ["v1"] : core).map(JSONValue.string)),
            "serverAddressByClientCIDRs": .array([
                .object(["clientCIDR": .string("0.0.0.0/0"), "serverAddress": .string(serverAddress)])
            ]),
        ])
    }

    /// `APIGroupList` for legacy `GET /apis` (every group but core).
    public func apiGroupList() -> JSONValue {
        .object([
            "kind": .string("APIGroupList"),
            "apiVersion": .string("v1"),
            "groups": .array(groups.filter { !$0.name.isEmpty }.map(Self.groupBody)),
        ])
    }

    /// `APIGroup` for `GET /apis/{group}`; nil for the core group or an unknown one.
    public func apiGroup(_ group: String) -> JSONValue? {
        guard !group.isEmpty, let served = groups.first(where: { $0.name == group }),
            case .object(var body) = Self.groupBody(served)
        else { return nil }
        body["kind"] = .string("APIGroup")
        body["apiVersion"] = .string("v1")
        return .object(body)
    }

    /// `APIResourceList` for `GET /api/v1` or `/apis/{group}/{version}`, with one `plural/sub` entry
    /// per subresource; nil when the group version is not served.
    public func apiResourceList(group: String, version: String) -> JSONValue? {
        guard let served = groups.first(where: { $0.name == group })?.versions.first(where: { $0.version == version })
        else { return nil }
        var resources: [JSONValue] = []
        for type in served.resources {
            var entry: [String: JSONValue] = [
                "name": .string(type.plural),
                "singularName": .string(type.singular),
                "namespaced": .bool(type.namespaced),
                "kind": .string(type.kind),
                "verbs": .array(type.verbs.map(JSONValue.string)),
            ]
            if !type.shortNames.isEmpty { entry["shortNames"] = .array(type.shortNames.map(JSONValue.string)) }
            if !type.categories.isEmpty { entry["categories"] = .array(type.categories.map(JSONValue.string)) }
            // Virtual (create-only) resources have no storage, hence no storage version hash.
            if !type.isCreateOnly { entry["storageVersionHash"] = .string(Self.storageVersionHash(for: type)) }
            resources.append(.object(entry))
            for subresource in type.subresources {
                let kind = Self.subresourceKind(subresource, of: type)
                var sub: [String: JSONValue] = [
                    "name": .string("\(type.plural)/\(subresource)"),
                    "singularName": .string(""),
                    "namespaced": .bool(type.namespaced),
                    "kind": .string(kind.kind),
                    "verbs": .array(Self.subresourceVerbs(subresource).map(JSONValue.string)),
                ]
                if kind.group != type.group || kind.version != type.version {
                    sub["group"] = .string(kind.group)
                    sub["version"] = .string(kind.version)
                }
                resources.append(.object(sub))
            }
        }
        return .object([
            "kind": .string("APIResourceList"),
            "apiVersion": .string("v1"),
            "groupVersion": .string(group.isEmpty ? version : "\(group)/\(version)"),
            "resources": .array(resources),
        ])
    }

    static func groupBody(_ group: ServedGroup) -> JSONValue {
        func entry(_ version: String) -> JSONValue {
            .object(["groupVersion": .string("\(group.name)/\(version)"), "version": .string(version)])
        }
        var body: [String: JSONValue] = [
            "name": .string(group.name),
            "versions": .array(group.versions.map { entry($0.version) }),
        ]
        if let preferred = group.preferredVersion { body["preferredVersion"] = entry(preferred) }
        return .object(body)
    }
}
