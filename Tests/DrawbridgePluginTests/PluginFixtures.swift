import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgePlugin
import DrawbridgeTesting
import Foundation

/// Shared objects for the plugin's view tests: the example policies and requests at fixed times.
enum PluginFixtures {
    /// developers-edit (1 approval from sre within 30m, at most 1h, default 30m) and view-auto (auto, 15m).
    static let policies: [AccessPolicy] = [
        .fixture(name: "developers-edit", reasonPattern: "INC-[0-9]+"),
        .fixture(
            name: "view-auto", groups: ["developers", "sre"], roles: [.init(kind: "ClusterRole", name: "view")],
            defaultDuration: nil, maxDuration: "15m", required: 0, approverGroups: nil, timeout: nil),
    ]

    /// A context with the example policies and the cluster's own ClusterRoles.
    static let context = PolicyContext(
        policies: policies,
        clusterRoles: [
            ClusterRole(
                metadata: ObjectMeta(name: "edit"),
                rules: [
                    PolicyRule(verbs: ["get", "list"], apiGroups: [""], resources: ["pods", "pods/log"]),
                    PolicyRule(
                        verbs: ["update"], apiGroups: ["apps"], resources: ["deployments", "deployments/scale"]),
                ])
        ])

    /// Marks every recorded review as stamped by the webhook (the plugin trusts signed records only).
    static let signed = RequestChange.custom { request in
        let records = request.status?.approvals ?? []
        request.status?.approvals = records.map {
            var record = $0
            record.signature = "signed"
            return record
        }
    }

    /// `t0` plus `seconds`.
    static func at(_ seconds: Double) -> Date { Fixtures.at(seconds) }

    /// The instant every fixture request is created.
    static let t0 = Fixtures.t0
}
