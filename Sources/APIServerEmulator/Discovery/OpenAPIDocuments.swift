import DrawbridgeAPI

/// The OpenAPI v3 root index (`/openapi/v3`) and a minimal per-group-version document
/// (`/openapi/v3/api/v1`, `/openapi/v3/apis/{group}/{version}`).
///
/// Exists because `kubectl apply`/`create`/`replace` refuse to run (with default strict validation)
/// unless the root lists the object's group version and that document has a PATCH operation tagged
/// with the kind's `x-kubernetes-group-version-kind` and a `fieldValidation` parameter. PATCH
/// operations deliberately omit `application/strategic-merge-patch+json`: listing it makes kubectl
/// compute apply patches from these (schema-less) documents and warn.
public struct OpenAPIDocuments: Hashable, Sendable {
    /// The content types PATCH operations advertise.
    public static let patchContentTypes = [
        "application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml",
    ]

    /// Served groups, as discovery sees them.
    public let groups: [ServedGroup]

    /// Builds the documents from every served resource type.
    public init(types: [ResourceType]) {
        groups = ServedGroup.grouping(types)
    }

    /// The root-relative path of a group version's document: `api/v1` or `apis/{group}/{version}`.
    public static func path(group: String, version: String) -> String {
        group.isEmpty ? "api/\(version)" : "apis/\(group)/\(version)"
    }

    /// `{"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=…"}, …}}` for every
    /// served group version. The hash changes exactly when that document's content changes.
    public func root() -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for group in groups {
            for version in group.versions {
                let path = Self.path(group: group.name, version: version.version)
                let hash = StableHash.hex(of: Self.document(group: group.name, version: version))
                paths[path] = .object(["serverRelativeURL": .string("/openapi/v3/\(path)?hash=\(hash)")])
            }
        }
        return .object(["paths": .object(paths)])
    }

    /// The document for `path` (`api/v1`, `apis/g/v`; a leading `/` or `/openapi/v3/` is accepted,
    /// a `?hash=` query ignored); nil when the group version is not served.
    public func document(path: String) -> JSONValue? {
        guard let (group, version) = Self.groupVersion(fromPath: path),
            let served = groups.first(where: { $0.name == group })?.versions.first(where: { $0.version == version })
        else { return nil }
        return Self.document(group: group, version: served)
    }

    /// The `hash` the root advertises for `path`, or nil when not served.
    public func hash(path: String) -> String? {
        document(path: path).map(StableHash.hex(of:))
    }

    /// Splits `api/v1` or `apis/g/v` into group and version.
    static func groupVersion(fromPath path: String) -> (String, String)? {
        var trimmed = Substring(path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        if trimmed.hasPrefix("/openapi/v3/") { trimmed = trimmed.dropFirst("/openapi/v3/".count) }
        while trimmed.hasPrefix("/") { trimmed = trimmed.dropFirst() }
        let parts = trimmed.split(separator: "/").map(String.init)
        switch (parts.first, parts.count) {
        case ("api", 2): return ("", parts[1])
        case ("apis", 3): return (parts[1], parts[2])
        default: return nil
        }
    }

    static func document(group: String, version: ServedVersion) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        var schemas: [String: JSONValue] = [:]
        let prefix = "/" + path(group: group, version: version.version)
        for type in version.resources where type.verbs.contains("patch") {
            let item =
                type.namespaced
                ? "\(prefix)/namespaces/{namespace}/\(type.plural)/{name}"
                : "\(prefix)/\(type.plural)/{name}"
            paths[item] = .object(["patch": patchOperation(for: type)])
            if type.isCustom, let schema = type.schema, case .object(var body)? = try? JSONValue(encoding: schema) {
                body["x-kubernetes-group-version-kind"] = .array([gvk(type)])
                schemas[schemaName(for: type)] = .object(body)
            }
        }
        return .object([
            "openapi": .string("3.0.0"),
            "info": .object(["title": .string("Kubernetes"), "version": .string("v1.32.0")]),
            "paths": .object(paths),
            "components": .object(["schemas": .object(schemas)]),
        ])
    }

    static func patchOperation(for type: ResourceType) -> JSONValue {
        func parameter(_ name: String, _ schemaType: String) -> JSONValue {
            .object(["name": .string(name), "in": .string("query"), "schema": .object(["type": .string(schemaType)])])
        }
        var content: [String: JSONValue] = [:]
        for contentType in patchContentTypes {
            content[contentType] = .object(["schema": .object(["type": .string("object")])])
        }
        return .object([
            "operationId": .string("patch\(type.namespaced ? "Namespaced" : "")\(type.kind)"),
            "x-kubernetes-action": .string("patch"),
            "x-kubernetes-group-version-kind": gvk(type),
            "parameters": .array([
                parameter("dryRun", "string"), parameter("fieldManager", "string"),
                parameter("fieldValidation", "string"), parameter("force", "boolean"),
            ]),
            "requestBody": .object(["required": .bool(true), "content": .object(content)]),
            "responses": .object(["200": .object(["description": .string("OK")])]),
        ])
    }

    static func gvk(_ type: ResourceType) -> JSONValue {
        .object(["group": .string(type.group), "version": .string(type.version), "kind": .string(type.kind)])
    }

    /// The API server's schema naming: reversed group, version, kind (`com.example.jit.v1alpha1.AccessRequest`).
    static func schemaName(for type: ResourceType) -> String {
        (type.group.split(separator: ".").reversed().map(String.init) + [type.version, type.kind]).joined(
            separator: ".")
    }
}
