import DrawbridgeAPI

/// The user-facing ClusterRoles every cluster has (`cluster-admin`, `admin`, `edit`, `view`) with
/// realistic rules, plus the `system:aggregate-to-*` roles they are assembled from.
///
/// Why here: the emulator seeds them, and `drawbridge policy check` needs real rules to evaluate
/// `forbiddenRules` offline. As on a real cluster, `view` ⊂ `edit` ⊂ `admin`, their rules are already
/// aggregated (as the aggregation controller leaves them), and each keeps its `aggregationRule` so
/// roles labelled `rbac.authorization.k8s.io/aggregate-to-edit: "true"` (for example) extend them.
public enum DefaultClusterRoles {
    static let readVerbs = ["get", "list", "watch"]
    static let writeVerbs = ["create", "delete", "deletecollection", "patch", "update"]

    /// Read access to the common workload kinds; no Secrets, no RBAC.
    static let viewRules: [PolicyRule] = [
        PolicyRule(
            verbs: readVerbs, apiGroups: [""],
            resources: [
                "configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods",
                "pods/log",
                "pods/status", "replicationcontrollers", "replicationcontrollers/scale",
                "replicationcontrollers/status",
                "serviceaccounts", "services", "services/status", "bindings", "events", "limitranges",
                "namespaces/status", "resourcequotas", "resourcequotas/status", "namespaces",
            ]),
        PolicyRule(
            verbs: readVerbs, apiGroups: ["apps"],
            resources: [
                "controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale",
                "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets",
                "statefulsets/scale", "statefulsets/status",
            ]),
        PolicyRule(
            verbs: readVerbs, apiGroups: ["autoscaling"],
            resources: [
                "horizontalpodautoscalers", "horizontalpodautoscalers/status",
            ]),
        PolicyRule(
            verbs: readVerbs, apiGroups: ["batch"], resources: ["cronjobs", "cronjobs/status", "jobs", "jobs/status"]),
        PolicyRule(
            verbs: readVerbs, apiGroups: ["policy"], resources: ["poddisruptionbudgets", "poddisruptionbudgets/status"]),
        PolicyRule(
            verbs: readVerbs, apiGroups: ["networking.k8s.io"],
            resources: [
                "ingresses", "ingresses/status", "networkpolicies",
            ]),
        PolicyRule(verbs: readVerbs, apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"]),
    ]

    /// Write access to workloads, Secrets and ServiceAccount impersonation, as upstream `edit` has.
    static let editRules: [PolicyRule] = [
        PolicyRule(verbs: ["impersonate"], apiGroups: [""], resources: ["serviceaccounts"]),
        PolicyRule(
            verbs: readVerbs, apiGroups: [""],
            resources: [
                "pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy",
            ]),
        PolicyRule(verbs: writeVerbs, apiGroups: [""], resources: ["pods"]),
        PolicyRule(
            verbs: ["create", "delete", "deletecollection", "get", "patch", "update"], apiGroups: [""],
            resources: [
                "pods/attach", "pods/exec", "pods/portforward", "pods/proxy",
            ]),
        PolicyRule(verbs: ["create"], apiGroups: [""], resources: ["pods/eviction", "serviceaccounts/token"]),
        PolicyRule(
            verbs: writeVerbs, apiGroups: [""],
            resources: [
                "configmaps", "events", "persistentvolumeclaims", "replicationcontrollers",
                "replicationcontrollers/scale",
                "secrets", "serviceaccounts", "services", "services/proxy",
            ]),
        PolicyRule(
            verbs: writeVerbs, apiGroups: ["apps"],
            resources: [
                "daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets",
                "replicasets/scale", "statefulsets", "statefulsets/scale",
            ]),
        PolicyRule(verbs: writeVerbs, apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"]),
        PolicyRule(verbs: writeVerbs, apiGroups: ["batch"], resources: ["cronjobs", "jobs"]),
        PolicyRule(verbs: writeVerbs, apiGroups: ["policy"], resources: ["poddisruptionbudgets"]),
        PolicyRule(verbs: writeVerbs, apiGroups: ["networking.k8s.io"], resources: ["ingresses", "networkpolicies"]),
        PolicyRule(verbs: writeVerbs, apiGroups: ["coordination.k8s.io"], resources: ["leases"]),
    ]

    /// Namespace administration: RBAC inside the namespace and local access reviews.
    static let adminRules: [PolicyRule] = [
        PolicyRule(verbs: ["create"], apiGroups: ["authorization.k8s.io"], resources: ["localsubjectaccessreviews"]),
        PolicyRule(
            verbs: readVerbs + writeVerbs, apiGroups: ["rbac.authorization.k8s.io"],
            resources: [
                "rolebindings", "roles",
            ]),
    ]

    /// Every default ClusterRole, ready to seed an API server or an evaluator.
    public static var all: [ClusterRole] {
        [
            ClusterRole(
                metadata: meta("cluster-admin"),
                rules: [
                    PolicyRule(verbs: ["*"], apiGroups: ["*"], resources: ["*"]),
                    PolicyRule(verbs: ["*"], nonResourceURLs: ["*"]),
                ]),
            aggregated("admin", rules: viewRules + editRules + adminRules, selects: "admin"),
            aggregated("edit", rules: viewRules + editRules, selects: "edit", label: "admin"),
            aggregated("view", rules: viewRules, selects: "view", label: "edit"),
            ClusterRole(metadata: meta("system:aggregate-to-admin", label: "admin"), rules: adminRules),
            ClusterRole(metadata: meta("system:aggregate-to-edit", label: "edit"), rules: editRules),
            ClusterRole(metadata: meta("system:aggregate-to-view", label: "view"), rules: viewRules),
        ]
    }

    static func aggregated(_ name: String, rules: [PolicyRule], selects: String, label: String? = nil) -> ClusterRole {
        ClusterRole(
            metadata: meta(name, label: label), rules: rules,
            aggregationRule: .init(clusterRoleSelectors: [
                LabelSelector(matchLabels: ["rbac.authorization.k8s.io/aggregate-to-\(selects)": "true"])
            ]))
    }

    static func meta(_ name: String, label: String? = nil) -> ObjectMeta {
        var labels = ["kubernetes.io/bootstrapping": "rbac-defaults"]
        if let label { labels["rbac.authorization.k8s.io/aggregate-to-\(label)"] = "true" }
        return ObjectMeta(
            name: name, labels: labels, annotations: ["rbac.authorization.kubernetes.io/autoupdate": "true"])
    }
}
