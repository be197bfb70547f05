import DrawbridgeAPI

/// Short builders for RBAC objects, so RBAC tables read as policy rather than as initialisers.
extension PolicyRule {
    /// A resource rule; the group defaults to the core group.
    public static func allow(
        _ verbs: [String], _ resources: [String], groups: [String] = [""], names: [String]? = nil
    ) -> PolicyRule {
        PolicyRule(verbs: verbs, apiGroups: groups, resources: resources, resourceNames: names)
    }

    /// A non-resource URL rule.
    public static func allow(_ verbs: [String], urls: [String]) -> PolicyRule {
        PolicyRule(verbs: verbs, nonResourceURLs: urls)
    }
}

extension Subject {
    /// A User subject.
    public static func user(_ name: String) -> Subject { Subject(kind: .user, name: name) }
    /// A Group subject.
    public static func group(_ name: String) -> Subject { Subject(kind: .group, name: name) }
    /// A ServiceAccount subject; nil namespace means "the binding's namespace".
    public static func serviceAccount(_ name: String, namespace: String? = nil) -> Subject {
        Subject(kind: .serviceAccount, name: name, namespace: namespace)
    }
}

extension Role {
    /// A Role named `name` in `namespace`.
    public static func fixture(_ name: String, namespace: String, rules: [PolicyRule]) -> Role {
        Role(metadata: ObjectMeta(name: name, namespace: namespace), rules: rules)
    }
}

extension ClusterRole {
    /// A ClusterRole, optionally labelled and optionally aggregating the roles `selectors` match.
    public static func fixture(
        _ name: String, labels: [String: String]? = nil, rules: [PolicyRule] = [],
        aggregating selectors: [LabelSelector]? = nil
    ) -> ClusterRole {
        ClusterRole(
            metadata: ObjectMeta(name: name, labels: labels), rules: rules,
            aggregationRule: selectors.map { ClusterRole.AggregationRule(clusterRoleSelectors: $0) })
    }
}

extension RoleBinding {
    /// A RoleBinding in `namespace` to a Role (`roleKind: "Role"`) or ClusterRole.
    public static func fixture(
        _ name: String, namespace: String, roleKind: String = "ClusterRole", role: String, subjects: [Subject]
    ) -> RoleBinding {
        RoleBinding(
            metadata: ObjectMeta(name: name, namespace: namespace), subjects: subjects,
            roleRef: RoleRef(kind: roleKind, name: role))
    }
}

extension ClusterRoleBinding {
    /// A ClusterRoleBinding to the ClusterRole `role`.
    public static func fixture(_ name: String, role: String, subjects: [Subject]) -> ClusterRoleBinding {
        ClusterRoleBinding(
            metadata: ObjectMeta(name: name), subjects: subjects, roleRef: RoleRef(kind: "ClusterRole", name: role))
    }
}
