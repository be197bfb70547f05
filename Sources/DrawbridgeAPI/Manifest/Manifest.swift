/// One decoded object from a manifest file: the kinds Drawbridge reads from files.
public enum Manifest: Hashable, Sendable {
    case accessRequest(AccessRequest)
    /// Kept apart from `accessRequest`: in a file an AccessRequest may omit its namespace too.
    case clusterAccessRequest(ClusterAccessRequest)
    case accessPolicy(AccessPolicy)
    case role(Role)
    case clusterRole(ClusterRole)
    case roleBinding(RoleBinding)
    case clusterRoleBinding(ClusterRoleBinding)
    case customResourceDefinition(CustomResourceDefinition)
    /// A well-formed object of a kind Drawbridge does not model (Namespace, Deployment, ...), kept as-is.
    case other(apiVersion: String, kind: String, object: JSONValue)

    /// `Kind/name`, for messages.
    public var displayName: String {
        switch self {
        case .accessRequest(let o): "AccessRequest/\(o.metadata.name ?? "")"
        case .clusterAccessRequest(let o): "ClusterAccessRequest/\(o.metadata.name ?? "")"
        case .accessPolicy(let o): "AccessPolicy/\(o.metadata.name ?? "")"
        case .role(let o): "Role/\(o.metadata.name ?? "")"
        case .clusterRole(let o): "ClusterRole/\(o.metadata.name ?? "")"
        case .roleBinding(let o): "RoleBinding/\(o.metadata.name ?? "")"
        case .clusterRoleBinding(let o): "ClusterRoleBinding/\(o.metadata.name ?? "")"
        case .customResourceDefinition(let o): "CustomResourceDefinition/\(o.metadata.name ?? "")"
        case .other(_, let kind, let object): "\(kind)/\(object["metadata"]?["name"]?.stringValue ?? "")"
        }
    }

    /// Decodes every document of a YAML or JSON file. `List` documents are flattened.
    public static func decodeAll(_ text: String) throws(ManifestError) -> [Manifest] {
        var manifests: [Manifest] = []
        for (index, document) in try YAMLJSON.documents(in: text).enumerated() {
            do {
                manifests += try decode(document)
            } catch {
                throw ManifestError(document: index + 1, message: error.message)
            }
        }
        return manifests
    }

    /// Decodes one JSON tree, dispatching on `apiVersion` and `kind`.
    public static func decode(_ value: JSONValue) throws(ManifestError) -> [Manifest] {
        guard case .object = value else {
            throw ManifestError(document: nil, message: "expected an object with apiVersion and kind")
        }
        let apiVersion = value["apiVersion"]?.stringValue ?? ""
        let kind = value["kind"]?.stringValue ?? ""
        if kind == "List", let items = value["items"]?.arrayValue {
            var result: [Manifest] = []
            for item in items { result += try decode(item) }
            return result
        }
        switch (apiVersion, kind) {
        case (AccessRequest.apiVersion, AccessRequest.kind): return [.accessRequest(try typed(value))]
        case (ClusterAccessRequest.apiVersion, ClusterAccessRequest.kind):
            return [.clusterAccessRequest(try typed(value))]
        case (AccessPolicy.apiVersion, AccessPolicy.kind): return [.accessPolicy(try typed(value))]
        case (Role.apiVersion, Role.kind): return [.role(try typed(value))]
        case (ClusterRole.apiVersion, ClusterRole.kind): return [.clusterRole(try typed(value))]
        case (RoleBinding.apiVersion, RoleBinding.kind): return [.roleBinding(try typed(value))]
        case (ClusterRoleBinding.apiVersion, ClusterRoleBinding.kind): return [.clusterRoleBinding(try typed(value))]
        case (CustomResourceDefinition.apiVersion, CustomResourceDefinition.kind):
            return [.customResourceDefinition(try typed(value))]
        case ("", _), (_, ""):
            throw ManifestError(document: nil, message: "apiVersion and kind are required")
        default:
            return [.other(apiVersion: apiVersion, kind: kind, object: value)]
        }
    }

    /// Decodes `value` as `T`, rewriting decoding failures as `field.path: problem`.
    public static func typed<T: Decodable>(_ value: JSONValue, as type: T.Type = T.self) throws(ManifestError) -> T {
        do {
            return try value.decode(as: T.self)
        } catch {
            throw ManifestError(document: nil, message: ManifestError.describing(error))
        }
    }
}
