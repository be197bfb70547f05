import DrawbridgeAPI
import Foundation

/// The `pkg/printers/internalversion` printers for what Drawbridge's deployment manifests install
/// besides RBAC: Deployments, Services, PodDisruptionBudgets and NetworkPolicies.
///
/// Exists so `kubectl get deploy,svc,pdb,netpol -n drawbridge-system` against the emulator prints the
/// columns a cluster prints. The emulator runs no controllers, so replica counts and allowed
/// disruptions read whatever status a client wrote (normally none, so 0).
public enum WorkloadPrinters {
    /// Deployments: Name, Ready (`ready/desired`), Up-to-date, Available, Age, then wide-only
    /// Containers, Images and Selector.
    public static let deployment = RowPrinter(
        columns: [
            .name,
            TableColumn(name: "Ready", description: "Number of the pod with ready state"),
            TableColumn(
                name: "Up-to-date",
                description:
                    "Total number of non-terminated pods targeted by this deployment that have the desired template spec."
            ),
            TableColumn(
                name: "Available",
                description:
                    "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
            .builtinAge,
            TableColumn(name: "Containers", description: "Names of each container in the template.", priority: 1),
            TableColumn(
                name: "Images", description: "Images referenced by each container in the template.", priority: 1),
            TableColumn(
                name: "Selector",
                description:
                    "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.",
                priority: 1),
        ]
    ) { object, now in
        // A real server defaults spec.replicas to 1 before printing; the emulator stores it as sent.
        let desired = object[path: ["spec", "replicas"]]?.intValue ?? 1
        let ready = object[path: ["status", "readyReplicas"]]?.intValue ?? 0
        let containers = object[path: ["spec", "template", "spec", "containers"]]?.arrayValue ?? []
        return [
            PrintedField.name(object), .string("\(ready)/\(desired)"),
            .int(object[path: ["status", "updatedReplicas"]]?.intValue ?? 0),
            .int(object[path: ["status", "availableReplicas"]]?.intValue ?? 0), PrintedField.age(object, now),
            .string(containers.map { $0["name"]?.stringValue ?? "" }.joined(separator: ",")),
            .string(containers.map { $0["image"]?.stringValue ?? "" }.joined(separator: ",")),
            .string(labelSelector(object[path: ["spec", "selector"]])),
        ]
    }

    /// Services: Name, Type, Cluster-IP, External-IP, Port(s), Age, then wide-only Selector.
    public static let service = RowPrinter(
        columns: [
            .name,
            TableColumn(
                name: "Type", description: "type determines how the Service is exposed. Defaults to ClusterIP."),
            TableColumn(
                name: "Cluster-IP",
                description: "clusterIP is the IP address of the service and is usually assigned randomly."),
            TableColumn(
                name: "External-IP",
                description:
                    "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."
            ),
            TableColumn(name: "Port(s)", description: "The list of ports that are exposed by this service."),
            .builtinAge,
            TableColumn(
                name: "Selector",
                description: "Route service traffic to pods with label keys and values matching this selector.",
                priority: 1),
        ]
    ) { object, now in
        let clusterIP = object[path: ["spec", "clusterIPs"]]?.arrayValue?.first?.stringValue ?? "<none>"
        let ports = (object[path: ["spec", "ports"]]?.arrayValue ?? []).map { port in
            let number = port["port"]?.intValue ?? 0
            let proto = port["protocol"]?.stringValue ?? "TCP"
            if let node = port["nodePort"]?.intValue, node > 0 { return "\(number):\(node)/\(proto)" }
            return "\(number)/\(proto)"
        }
        let selector = (object[path: ["spec", "selector"]]?.stringMap ?? [:]).sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }
        return [
            PrintedField.name(object), PrintedField.string(object, ["spec", "type"]), .string(clusterIP),
            .string(externalIP(object)), .string(ports.isEmpty ? "<none>" : ports.joined(separator: ",")),
            PrintedField.age(object, now), .string(selector.isEmpty ? "<none>" : selector.joined(separator: ",")),
        ]
    }

    /// PodDisruptionBudgets: Name, Min Available, Max Unavailable (`N/A` when unset), Allowed
    /// Disruptions, Age.
    public static let podDisruptionBudget = RowPrinter(
        columns: [
            .name,
            TableColumn(name: "Min Available", description: "The minimum number of pods that must be available"),
            TableColumn(name: "Max Unavailable", description: "The maximum number of pods that may be unavailable"),
            TableColumn(
                name: "Allowed Disruptions", type: "integer",
                description: "Calculated number of pods that may be disrupted at this time"),
            .builtinAge,
        ]
    ) { object, now in
        func intOrString(_ field: String) -> JSONValue {
            guard let value = object[path: ["spec", field]] else { return .string("N/A") }
            return .string(value.intValue.map(String.init) ?? value.stringValue ?? "N/A")
        }
        return [
            PrintedField.name(object), intOrString("minAvailable"), intOrString("maxUnavailable"),
            .int(object[path: ["status", "disruptionsAllowed"]]?.intValue ?? 0), PrintedField.age(object, now),
        ]
    }

    /// NetworkPolicies: Name, Pod-Selector (`<none>` when it selects every pod), Age.
    public static let networkPolicy = RowPrinter(
        columns: [
            .name,
            TableColumn(
                name: "Pod-Selector",
                description:
                    "podSelector selects the pods to which this NetworkPolicy object applies. An empty selector matches all pods in this namespace."
            ),
            .builtinAge,
        ]
    ) { object, now in
        let selector = labelSelector(object[path: ["spec", "podSelector"]])
        return [
            PrintedField.name(object), .string(selector.isEmpty ? "<none>" : selector), PrintedField.age(object, now),
        ]
    }

    /// A Service's External-IP cell, by type: its `externalIPs` (plus load balancer ingress for
    /// LoadBalancer, `<pending>` while there is none), the external name, or `<none>`.
    static func externalIP(_ object: JSONValue) -> String {
        let external = (object[path: ["spec", "externalIPs"]]?.arrayValue ?? []).compactMap(\.stringValue)
        switch object[path: ["spec", "type"]]?.stringValue ?? "ClusterIP" {
        case "ClusterIP", "NodePort":
            return external.isEmpty ? "<none>" : external.joined(separator: ",")
        case "LoadBalancer":
            let ingress = (object[path: ["status", "loadBalancer", "ingress"]]?.arrayValue ?? []).compactMap {
                $0["ip"]?.stringValue ?? $0["hostname"]?.stringValue
            }
            let all = ingress + external
            return all.isEmpty ? "<pending>" : all.joined(separator: ",")
        case "ExternalName":
            return object[path: ["spec", "externalName"]]?.stringValue ?? ""
        default:
            return "<unknown>"
        }
    }

    /// A `metav1.LabelSelector` as `labels.Selector.String()` writes it: requirements sorted by key,
    /// `k=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, joined with `,`.
    static func labelSelector(_ selector: JSONValue?) -> String {
        var requirements: [(key: String, text: String)] = []
        for (key, value) in selector?["matchLabels"]?.stringMap ?? [:] {
            requirements.append((key, "\(key)=\(value)"))
        }
        for expression in selector?["matchExpressions"]?.arrayValue ?? [] {
            let key = expression["key"]?.stringValue ?? ""
            let values = (expression["values"]?.arrayValue ?? []).compactMap(\.stringValue).sorted()
            switch expression["operator"]?.stringValue ?? "" {
            case "In": requirements.append((key, "\(key) in (\(values.joined(separator: ",")))"))
            case "NotIn": requirements.append((key, "\(key) notin (\(values.joined(separator: ",")))"))
            case "Exists": requirements.append((key, key))
            case "DoesNotExist": requirements.append((key, "!\(key)"))
            default: continue
            }
        }
        return requirements.sorted { ($0.key, $0.text) < ($1.key, $1.text) }.map(\.text).joined(separator: ",")
    }
}
