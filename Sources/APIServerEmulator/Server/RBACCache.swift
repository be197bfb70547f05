import DrawbridgeAPI
import DrawbridgeCore
import Foundation
import Synchronization

/// The decoded RBAC objects and the evaluators built from them, kept up to date cheaply: a write
/// re-decodes only objects whose resourceVersion changed, and a RoleBinding write rebuilds only its
/// own namespace's evaluator. Without this, every grant or revocation (a RoleBinding write) made the
/// next request decode and index every binding in the cluster again: quadratic in the number of grants.
///
/// Decisions are made as the RBAC authorizer visits bindings: ClusterRoleBindings first, then the
/// RoleBindings of the request's namespace, so a caller allowed cluster-wide (the controller) never
/// waits for a namespace's bindings to be indexed.
struct RBACCache: Sendable {
    /// Decoded objects by `namespace/name`, with the resourceVersion they were decoded at.
    struct Decoded<T: Sendable>: Sendable {
        var byKey: [String: (version: String, value: T)] = [:]

        /// Decodes what changed in `items`, drops what is gone, returns the values in input order.
        mutating func refresh(_ items: [JSONValue]) -> [T] where T: Decodable {
            var next: [String: (version: String, value: T)] = [:]
            var values: [T] = []
            for item in items {
                let metadata = item["metadata"]
                let key = "\(metadata?["namespace"]?.stringValue ?? "")/\(metadata?["name"]?.stringValue ?? "")"
                let version = metadata?["resourceVersion"]?.stringValue ?? ""
                if let known = byKey[key], known.version == version {
                    next[key] = known
                    values.append(known.value)
                } else if let value = try? item.decode(as: T.self) {
                    next[key] = (version, value)
                    values.append(value)
                }
            }
            byKey = next
            return values
        }
    }

    var roles = Decoded<Role>()
    var clusterRoles = Decoded<ClusterRole>()
    var clusterRoleBindings = Decoded<ClusterRoleBinding>()
    /// RoleBindings by namespace.
    var roleBindings: [String: Decoded<RoleBinding>] = [:]

    /// Roles, ClusterRoles and ClusterRoleBindings: nil after any write to them.
    var clusterEvaluator: RBACEvaluator?
    /// Per namespace: that namespace's RoleBindings only; nil after a write to them.
    var namespaceEvaluators: [String: RBACEvaluator] = [:]
    /// Everything (for rules reviews); nil after any RBAC write.
    var fullEvaluator: RBACEvaluator?

    /// Bumped by every invalidation: an evaluator built from objects listed before a concurrent
    /// write is used for that one decision but never cached.
    var generation = 0

    /// Forgets what a write to `plural` in `namespace` made stale.
    mutating func invalidate(plural: String, namespace: String) {
        generation += 1
        fullEvaluator = nil
        if plural == "rolebindings" {
            namespaceEvaluators[namespace] = nil
        } else {
            clusterEvaluator = nil
            namespaceEvaluators.removeAll()
        }
    }
}

extension APIServer {
    /// Lists one RBAC resource from the store (all namespaces, or one).
    func rbacItems(_ plural: String, namespace: String? = nil) -> [JSONValue] {
        store.list(StorageKey(group: Self.rbacGroup, plural: plural), namespace: namespace).items
    }

    /// The RBAC decision for `attributes`: ClusterRoleBindings first, then the namespace's RoleBindings.
    func authorizeRBAC(_ attributes: AuthorizationAttributes) -> RBACDecision {
        let cluster = clusterRBAC()
        let clusterDecision = cluster.authorize(attributes)
        guard !clusterDecision.allowed, !attributes.namespace.isEmpty else { return clusterDecision }
        let namespaced = namespaceRBAC(attributes.namespace).authorize(attributes)
        guard !namespaced.allowed else { return namespaced }
        let missing = [clusterDecision.reason, namespaced.reason]
            .flatMap { $0.components(separatedBy: "; ").dropFirst() }
        return RBACDecision(
            allowed: false, reason: ([RBACDecision.noPolicyMatchedReason] + missing).joined(separator: "; "))
    }

    func clusterRBAC() -> RBACEvaluator {
        let (cached, generation) = rbacState.withLock { ($0.clusterEvaluator, $0.generation) }
        if let cached { return cached }
        let (roles, clusterRoles, bindings) = (
            rbacItems("roles"), rbacItems("clusterroles"), rbacItems("clusterrolebindings")
        )
        return rbacState.withLock { state in
            let evaluator = RBACEvaluator(
                roles: state.roles.refresh(roles), clusterRoles: state.clusterRoles.refresh(clusterRoles),
                clusterRoleBindings: state.clusterRoleBindings.refresh(bindings))
            if state.generation == generation { state.clusterEvaluator = evaluator }
            return evaluator
        }
    }

    func namespaceRBAC(_ namespace: String) -> RBACEvaluator {
        let (cached, generation) = rbacState.withLock { ($0.namespaceEvaluators[namespace], $0.generation) }
        if let cached { return cached }
        _ = clusterRBAC()
        let bindings = rbacItems("rolebindings", namespace: namespace)
        return rbacState.withLock { state in
            var decoded = state.roleBindings[namespace] ?? .init()
            let evaluator = RBACEvaluator(
                roles: Array(state.roles.byKey.values.map(\.value)),
                clusterRoles: Array(state.clusterRoles.byKey.values.map(\.value)),
                roleBindings: decoded.refresh(bindings))
            state.roleBindings[namespace] = decoded
            if state.generation == generation { state.namespaceEvaluators[namespace] = evaluator }
            return evaluator
        }
    }
}
