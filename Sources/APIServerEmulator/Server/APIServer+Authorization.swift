import DrawbridgeAPI
import DrawbridgeCore
import Synchronization

extension APIServer {
    static let rbacGroup = "rbac.authorization.k8s.io"

    /// The evaluator over every RBAC object stored now (rules reviews need all of them at once).
    func rbac() -> RBACEvaluator {
        let (cached, generation) = rbacState.withLock { ($0.fullEvaluator, $0.generation) }
        if let cached { return cached }
        _ = clusterRBAC()
        let bindings = rbacItems("rolebindings")
        return rbacState.withLock { state in
            var byNamespace: [String: [JSONValue]] = [:]
            for binding in bindings {
                byNamespace[binding["metadata"]?["namespace"]?.stringValue ?? "", default: []].append(binding)
            }
            var all: [RoleBinding] = []
            for (namespace, items) in byNamespace.sorted(by: { $0.key < $1.key }) {
                var decoded = state.roleBindings[namespace] ?? .init()
                all += decoded.refresh(items)
                state.roleBindings[namespace] = decoded
            }
            let evaluator = RBACEvaluator(
                roles: Array(state.roles.byKey.values.map(\.value)),
                clusterRoles: Array(state.clusterRoles.byKey.values.map(\.value)), roleBindings: all,
                clusterRoleBindings: Array(state.clusterRoleBindings.byKey.values.map(\.value)))
            if state.generation == generation { state.fullEvaluator = evaluator }
            return evaluator
        }
    }

    /// Forgets what a write to `key` in `namespace` made stale, if it is an RBAC resource.
    func invalidateRBAC(after key: StorageKey, namespace: String) {
        if key.group == Self.rbacGroup {
            rbacState.withLock { $0.invalidate(plural: key.plural, namespace: namespace) }
        }
    }

    /// 403 unless `user` may `verb` the target, worded as kube-apiserver words it.
    func authorize(_ user: UserInfo, verb: String, type: ResourceType, target: RequestTarget) throws {
        guard !user.isMaster else { return }
        let attributes = AuthorizationAttributes.resource(
            user: user.username, groups: user.groups, verb: verb, apiGroup: type.group, resource: type.plural,
            subresource: target.subresource ?? "", name: target.name ?? "", namespace: target.namespace)
        guard !authorizeRBAC(attributes).allowed else { return }
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
        let attributes = AuthorizationAttributes.nonResource(
            user: user.username, groups: user.groups, verb: verb, path: path)
        guard !authorizeRBAC(attributes).allowed else { return }
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
