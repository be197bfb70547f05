import DrawbridgeAPI
import DrawbridgeCore

/// The RBAC evaluator over the current RBAC objects, rebuilt lazily after any RBAC write so that a
/// RoleBinding created or deleted takes effect on the very next request.
struct RBACSnapshot: Sendable {
    var evaluator: RBACEvaluator
}

extension APIServer {
    static let rbacGroup = "rbac.authorization.k8s.io"

    /// The evaluator for the RBAC objects stored now.
    func rbac() -> RBACEvaluator {
        if let snapshot = rbacState.withLock({ $0 }) { return snapshot.evaluator }
        func objects<T: Decodable>(_ plural: String, as: T.Type) -> [T] {
            store.list(StorageKey(group: Self.rbacGroup, plural: plural), namespace: nil).items.compactMap {
                try? $0.decode(as: T.self)
            }
        }
        let evaluator = RBACEvaluator(
            roles: objects("roles", as: Role.self), clusterRoles: objects("clusterroles", as: ClusterRole.self),
            roleBindings: objects("rolebindings", as: RoleBinding.self),
            clusterRoleBindings: objects("clusterrolebindings", as: ClusterRoleBinding.self))
        rbacState.withLock { $0 = RBACSnapshot(evaluator: evaluator) }
        return evaluator
    }

    /// Forgets the cached evaluator after a write to `key` if it is an RBAC resource.
    func invalidateRBAC(after key: StorageKey) {
        if key.group == Self.rbacGroup { rbacState.withLock { $0 = nil } }
    }

    /// 403 unless `user` may `verb` the target, worded as kube-apiserver words it.
    func authorize(_ user: UserInfo, verb: String, type: ResourceType, target: RequestTarget) throws {
        guard !user.isMaster else { return }
        let attributes = AuthorizationAttributes.resource(
            user: user.username, groups: user.groups, verb: verb, apiGroup: type.group, resource: type.plural,
            subresource: target.subresource ?? "", name: target.name ?? "", namespace: target.namespace)
        guard !rbac().authorize(attributes).allowed else { return }
        let resource = target.subresource.map { "\(type.plural)/\($0)" } ?? type.plural
        let subject = target.name.map { "\(type.qualifiedName) \"\($0)\"" } ?? type.qualifiedName
        let scope = target.namespace.isEmpty ? "at the cluster scope" : "in the namespace \"\(target.namespace)\""
        throw StatusError.forbidden(
            "\(subject) is forbidden: User \"\(user.username)\" cannot \(verb) resource \"\(resource)\" in API group \"\(type.group)\" \(scope)",
            type, name: target.name)
    }

    /// 403 unless `user` may `verb` the non-resource `path` (discovery, OpenAPI).
    func authorizeNonResource(_ user: UserInfo, verb: String, path: String) throws {
        guard !user.isMaster else { return }
        let attributes = AuthorizationAttributes.nonResource(user: user.username, groups: user.groups, verb: verb, path: path)
        guard !rbac().authorize(attributes).allowed else { return }
        throw StatusError.forbidden("forbidden: User \"\(user.username)\" cannot \(verb) path \"\(path)\"")
    }

    /// The kube-apiserver verb for a request on `target`.
    static func verb(for request: APIRequest, target: RequestTarget) -> String {
        switch request.method {
        case "GET", "HEAD": target.name == nil ? (request.isWatch ? "watch" : "list") : "get"
        case "POST": "create"
        case "PUT": "update"
        case "PATCH": "patch"
        case "DELETE": target.name == nil ? "deletecollection" : "delete"
        default: request.method.lowercased()
        }
    }
}
