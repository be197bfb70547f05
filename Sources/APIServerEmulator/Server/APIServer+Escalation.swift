import DrawbridgeAPI
import DrawbridgeCore

extension APIServer {
    /// RBAC's escalation prevention, as kube-apiserver applies it when a RoleBinding or
    /// ClusterRoleBinding is written: the writer must either be allowed to `bind` the referenced role
    /// or already hold every permission it grants. Without this, anyone who may create bindings could
    /// grant themselves cluster-admin; with it, Drawbridge's controller binds only the roles its
    /// ClusterRole lists under `bind`.
    func checkBindingEscalation(_ ctx: WriteContext, object: JSONValue) throws {
        guard ctx.type.group == Self.rbacGroup,
            ctx.type.plural == "rolebindings" || ctx.type.plural == "clusterrolebindings",
            !ctx.user.isMaster
        else { return }
        let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        // A binding whose role cannot be read is refused, never waved through unchecked.
        guard let roleRef = try? object["roleRef"]?.decode(as: RoleRef.self) else {
            throw StatusError.invalid(
                ctx.type, name, [.init(reason: "FieldValueRequired", message: "Required value", field: "roleRef")])
        }
        let namespace = ctx.type.plural == "rolebindings" ? ctx.namespace : ""
        let bind = AuthorizationAttributes.resource(
            user: ctx.user.username, groups: ctx.user.groups, verb: "bind", apiGroup: Self.rbacGroup,
            resource: roleRef.kind == "ClusterRole" ? "clusterroles" : "roles", name: roleRef.name, namespace: namespace
        )
        if authorizeRBAC(bind).allowed { return }
        let evaluator = rbac()
        guard let granted = evaluator.effectiveRules(of: roleRef, namespace: namespace) else {
            throw StatusError.forbidden(
                "\(ctx.type.qualifiedName) \"\(name)\" is forbidden: \(roleRef.kind.lowercased())s.rbac.authorization.k8s.io \"\(roleRef.name)\" not found",
                ctx.type, name: name)
        }
        let held = evaluator.rules(forUser: ctx.user.username, groups: ctx.user.groups, namespace: namespace)
        let (covered, missing) = RBACCovers.covers(owner: held, servant: granted)
        guard !covered else { return }
        let groups = ctx.user.groups.map { "\"\($0)\"" }.joined(separator: " ")
        throw StatusError.forbidden(
            "\(ctx.type.qualifiedName) \"\(name)\" is forbidden: user \"\(ctx.user.username)\" (groups=[\(groups)]) is attempting to grant RBAC permissions not currently held:\n"
                + missing.map(Self.describe).joined(separator: "\n"),
            ctx.type, name: name)
    }

    /// A rule as kube-apiserver prints it in escalation errors.
    static func describe(_ rule: PolicyRule) -> String {
        func list(_ values: [String]?) -> String {
            "[" + (values ?? []).map { "\"\($0)\"" }.joined(separator: " ") + "]"
        }
        var parts: [String] = []
        if let groups = rule.apiGroups { parts.append("APIGroups:\(list(groups))") }
        if let resources = rule.resources { parts.append("Resources:\(list(resources))") }
        if let names = rule.resourceNames, !names.isEmpty { parts.append("ResourceNames:\(list(names))") }
        if let urls = rule.nonResourceURLs, !urls.isEmpty { parts.append("NonResourceURLs:\(list(urls))") }
        parts.append("Verbs:\(list(rule.verbs))")
        return "{" + parts.joined(separator: ", ") + "}"
    }
}
