import DrawbridgeAPI

/// Stored objects the patch harnesses apply fuzzed patches to: each has the lists whose merge
/// strategies differ (merge by key, merge primitives, replace), so a patch has something to merge into.
public enum FuzzObjects {
    /// A Deployment with containers, ports, env and volumes (lists merged by key), finalizers and owners.
    public static let deployment: JSONValue = [
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": [
            "name": "web", "namespace": "demo", "labels": ["app": "web"], "finalizers": ["a.example/x"],
            "ownerReferences": [["apiVersion": "v1", "kind": "ConfigMap", "name": "owner", "uid": "u-1"]],
        ],
        "spec": [
            "replicas": 2,
            "template": [
                "spec": [
                    "containers": [
                        [
                            "name": "app", "image": "app:1", "ports": [["containerPort": 8080, "name": "http"]],
                            "env": [["name": "MODE", "value": "prod"]],
                            "volumeMounts": [["name": "data", "mountPath": "/data"]],
                        ]
                    ],
                    "volumes": [["name": "data", "emptyDir": [:]]],
                ]
            ],
        ],
    ]

    /// A Service (ports merged by `port`).
    public static let service: JSONValue = [
        "apiVersion": "v1", "kind": "Service", "metadata": ["name": "web", "namespace": "demo"],
        "spec": ["ports": [["port": 443, "targetPort": 9443, "name": "https"]], "selector": ["app": "web"]],
    ]

    /// A RoleBinding (subjects replace whole), as Drawbridge writes them.
    public static let roleBinding: JSONValue = [
        "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
        "metadata": [
            "name": "drawbridge-alice-edit-demo", "namespace": "demo", "labels": ["drawbridge.dev/managed": "true"],
        ],
        "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "edit"],
        "subjects": [["apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "alice"]],
    ]

    /// An AccessRequest with status and an approval record.
    public static let accessRequest: JSONValue = [
        "apiVersion": "drawbridge.dev/v1alpha1", "kind": "AccessRequest",
        "metadata": [
            "name": "alice-edit-demo", "namespace": "demo", "uid": "uid-1", "finalizers": ["drawbridge.dev/revoke"],
        ],
        "spec": [
            "role": ["kind": "ClusterRole", "name": "edit"], "duration": "30m", "reason": "INC-4242",
            "requester": ["username": "alice", "uid": "uid-alice", "groups": ["developers"]],
        ],
        "status": [
            "phase": "Pending",
            "approvals": [["user": "bob", "groups": ["sre"], "decision": "Approve", "time": "2026-01-01T00:00:00Z"]],
        ],
    ]

    /// Every object above, for harnesses that try a patch on each.
    public static let all: [JSONValue] = [deployment, service, roleBinding, accessRequest]
}
