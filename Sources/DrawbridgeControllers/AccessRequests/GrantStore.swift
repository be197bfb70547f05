import DrawbridgeAPI
import KubeClient

/// The API calls the reconciler makes about a request and its binding, for both request kinds: an
/// AccessRequest and its RoleBinding, or (when the key has no namespace) a ClusterAccessRequest and
/// its ClusterRoleBinding. Callers deal in `AccessRequest` and `RoleBinding` values throughout; only
/// here does the kind decide the path.
struct GrantStore: Sendable {
    let client: KubeClient

    // MARK: Requests

    /// The request at `key`, live; nil when there is none.
    func request(_ key: ObjectKey) async throws -> AccessRequest? {
        guard let namespace = key.namespace else {
            return try await client.getIfPresent(ClusterAccessRequest.self, name: key.name).map(AccessRequest.init)
        }
        return try await client.getIfPresent(AccessRequest.self, name: key.name, namespace: namespace)
    }

    /// Writes `request.status` through the status subresource (409 on a stale resourceVersion).
    func updateStatus(_ request: AccessRequest) async throws -> AccessRequest {
        guard request.isClusterWide else { return try await client.updateStatus(request) }
        return AccessRequest(try await client.updateStatus(ClusterAccessRequest(request)))
    }

    /// A merge patch of the request at `key` (or of its `subresource`).
    func patchRequest(_ key: ObjectKey, body: JSONValue, subresource: String? = nil) async throws -> AccessRequest {
        guard let namespace = key.namespace else {
            return AccessRequest(
                try await client.patch(
                    ClusterAccessRequest.self, name: key.name, body: body, subresource: subresource))
        }
        return try await client.patch(
            AccessRequest.self, name: key.name, namespace: namespace, body: body, subresource: subresource)
    }

    /// The path of the request at `key`, for raw requests (a status patch of one that does not decode).
    func requestPath(_ key: ObjectKey, subresource: String? = nil) -> String {
        guard let namespace = key.namespace else {
            return ResourcePath.object(
                ClusterAccessRequest.self, name: key.name, namespace: nil, subresource: subresource)
        }
        return ResourcePath.object(AccessRequest.self, name: key.name, namespace: namespace, subresource: subresource)
    }

    // MARK: Bindings

    /// The binding named `name` for a request in `namespace` (nil: a ClusterRoleBinding), live.
    func binding(_ name: String, namespace: String?) async throws -> RoleBinding? {
        guard let namespace else {
            return try await client.getIfPresent(ClusterRoleBinding.self, name: name).map(RoleBinding.init)
        }
        return try await client.getIfPresent(RoleBinding.self, name: name, namespace: namespace)
    }

    /// Managed bindings labelled as the grant of the request at `key`, live.
    func bindings(ofRequest key: ObjectKey) async throws -> [RoleBinding] {
        let selector = "\(Drawbridge.Keys.request)=\(key.name)"
        let found: [RoleBinding]
        if let namespace = key.namespace {
            found = try await client.list(RoleBinding.self, namespace: namespace, labelSelector: selector).items
        } else {
            found = try await client.list(ClusterRoleBinding.self, labelSelector: selector).items.map(RoleBinding.init)
        }
        return found.filter { $0.metadata.labels?[Drawbridge.Keys.managedBy] == Drawbridge.Keys.managedByValue }
    }

    /// Creates `binding` (a ClusterRoleBinding when it has no namespace).
    func create(_ binding: RoleBinding) async throws -> RoleBinding {
        guard binding.isClusterWide else { return try await client.create(binding) }
        return RoleBinding(try await client.create(ClusterRoleBinding(binding)))
    }

    /// Replaces `binding` (409 on a stale resourceVersion).
    func update(_ binding: RoleBinding) async throws -> RoleBinding {
        guard binding.isClusterWide else { return try await client.update(binding) }
        return RoleBinding(try await client.update(ClusterRoleBinding(binding)))
    }

    /// Deletes the binding `name` in `namespace` (nil: a ClusterRoleBinding), only if it is still
    /// `uid` when one is given.
    func deleteBinding(_ name: String, namespace: String?, uid: String?) async throws {
        if let namespace {
            try await client.delete(RoleBinding.self, name: name, namespace: namespace, uid: uid)
        } else {
            try await client.delete(ClusterRoleBinding.self, name: name, uid: uid)
        }
    }
}
