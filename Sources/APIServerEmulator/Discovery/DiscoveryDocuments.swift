import DrawbridgeAPI

/// The discovery documents for a set of served resources: the aggregated `apidiscovery.k8s.io/v2`
/// list kubectl fetches from `/api` and `/apis`, and the legacy documents (see the `+Legacy` file).
///
/// Exists because kubectl resolves every resource name, short name and category through discovery;
/// a wrong field name or a missing subresource makes commands fail before they send a request.
public struct DiscoveryDocuments: Hashable, Sendable {
    /// The `Content-Type` the aggregated documents must be served with; without it kubectl treats the
    /// answer as legacy and fetches every group version separately.
    public static let aggregatedContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"

    /// Served groups in order, core group (`""`) included.
    public let groups: [ServedGroup]

    /// Builds the documents from every served resource type (built-ins and CRD versions).
    public init(types: [ResourceType]) {
        groups = ServedGroup.grouping(types)
    }

    /// The `APIGroupDiscoveryList` for `/api` (`forCore: true`: the single item named `""`) or for
    /// `/apis` (every other group).
    public func aggregated(forCore: Bool) -> JSONValue {
        let items = groups.filter { $0.name.isEmpty == forCore }.map { group in
            JSONValue.object([
                "metadata": .object(["name": .string(group.name), "creationTimestamp": .null]),
                "versions": .array(
                    group.versions.map { version in
                        .object([
                            "version": .string(version.version),
                            "freshness": .string("Current"),
                            "resources": .array(version.resources.map(Self.aggregatedResource)),
                        ])
                    }),
            ])
        }
        return .object([
            "kind": .string("APIGroupDiscoveryList"),
            "apiVersion": .string("apidiscovery.k8s.io/v2"),
            "metadata": .object([:]),
            "items": .array(items),
        ])
    }

    /// The verbs discovery lists for a subresource: `finalize` is update-only; `status`, `scale` and
    /// others are get/patch/update.
    public static func subresourceVerbs(_ subresource: String) -> [String] {
        subresource == "finalize" ? ["update"] : ["get", "patch", "update"]
    }

    /// The kind a subresource returns: `autoscaling/v1` `Scale` for `scale`, else the resource's own.
    public static func subresourceKind(_ subresource: String, of type: ResourceType) -> (
        group: String, version: String, kind: String
    ) {
        subresource == "scale" ? ("autoscaling", "v1", "Scale") : (type.group, type.version, type.kind)
    }

    /// A stable `storageVersionHash` for a resource (base64 of 8 bytes, as the API server's), derived
    /// from group, version and kind.
    public static func storageVersionHash(for type: ResourceType) -> String {
        StableHash.base64(of: "\(type.group)/\(type.version)/\(type.kind)")
    }

    static func aggregatedResource(_ type: ResourceType) -> JSONValue {
        var resource: [String: JSONValue] = [
            "resource": .string(type.plural),
            "responseKind": groupVersionKind(type.group, type.version, type.kind),
            "scope": .string(type.namespaced ? "Namespaced" : "Cluster"),
            "singularResource": .string(type.singular),
            "verbs": .array(type.verbs.map(JSONValue.string)),
        ]
        if !type.shortNames.isEmpty { resource["shortNames"] = .array(type.shortNames.map(JSONValue.string)) }
        if !type.categories.isEmpty { resource["categories"] = .array(type.categories.map(JSONValue.string)) }
        if !type.subresources.isEmpty {
            resource["subresources"] = .array(
                type.subresources.map { name in
                    let kind = subresourceKind(name, of: type)
                    return .object([
                        "subresource": .string(name),
                        "responseKind": groupVersionKind(kind.group, kind.version, kind.kind),
                        "verbs": .array(subresourceVerbs(name).map(JSONValue.string)),
                    ])
                })
        }
        return .object(resource)
    }

    static func groupVersionKind(_ group: String, _ version: String, _ kind: String) -> JSONValue {
        .object(["group": .string(group), "version": .string(version), "kind": .string(kind)])
    }
}
