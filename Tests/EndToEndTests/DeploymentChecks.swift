import DrawbridgeAPI
import Foundation
import Testing

/// The properties of the controller's Deployment and Services that keep it safe and reachable,
/// checked on the objects as the API server stores them (or as `config/manager` declares them).
///
/// Exists so the end-to-end apply, the image overlay and the Dockerfile tests hold the manifests to
/// one definition instead of three drifting copies.
enum DeploymentChecks {
    /// The flags the controller is started with; the probes, ports and mounts must agree with them.
    static let args = [
        "controller", "--leader-elect", "--health-probe-bind-address=:8081", "--metrics-bind-address=:8080",
        "--webhook-cert-dir=/tmp/k8s-webhook-server/serving-certs", "--audit-log=-", "--log-format=json",
    ]

    /// The one container of `deployment`, after checking the Deployment around it.
    @discardableResult
    static func controller(_ deployment: JSONValue, image: String = "drawbridge:latest") throws -> JSONValue {
        #expect(
            deployment[path: ["spec", "replicas"]] == 2, "two replicas keep the webhook answering during a restart")
        #expect(
            deployment[path: ["spec", "strategy", "rollingUpdate"]] == ["maxSurge": 1, "maxUnavailable": 0],
            "a new pod is ready before an old one stops")
        let selector = deployment[path: ["spec", "selector", "matchLabels"]]?.stringMap ?? [:]
        #expect(selector == ["app.kubernetes.io/name": "drawbridge"], "the webhook Service selects this label")
        let pod = try #require(deployment[path: ["spec", "template"]])
        let labels = pod[path: ["metadata", "labels"]]?.stringMap ?? [:]
        #expect(selector.allSatisfy { labels[$0.key] == $0.value }, "the selector matches the pod template")
        let spec = try #require(pod["spec"])
        #expect(
            spec["securityContext"] == [
                "runAsNonRoot": true, "runAsUser": 65532, "runAsGroup": 65532,
                "seccompProfile": ["type": "RuntimeDefault"],
            ])
        #expect((spec["terminationGracePeriodSeconds"]?.intValue ?? 0) > 0)
        let spread = spec["topologySpreadConstraints"]?.arrayValue ?? []
        let antiAffinity = spec[path: ["affinity", "podAntiAffinity"]]
        #expect(
            spread.contains { $0["topologyKey"] == "kubernetes.io/hostname" } || antiAffinity != nil,
            "replicas are spread across nodes")

        let containers = spec["containers"]?.arrayValue ?? []
        try #require(containers.count == 1)
        let container = containers[0]
        #expect(container["image"] == .string(image))
        #expect(container["imagePullPolicy"] == "IfNotPresent")
        #expect(container["command"] == nil, "the image's ENTRYPOINT is the binary; the Deployment passes args only")
        #expect(container["args"] == .array(args.map(JSONValue.string)))
        let namespaceFrom = container["env"]?.arrayValue?.first { $0["name"] == "POD_NAMESPACE" }
        #expect(
            namespaceFrom?[path: ["valueFrom", "fieldRef", "fieldPath"]] == "metadata.namespace",
            "the controller finds its namespace through the downward API")
        #expect(
            container["securityContext"] == [
                "allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true, "capabilities": ["drop": ["ALL"]],
            ])
        #expect(
            container["resources"] == [
                "requests": ["cpu": "100m", "memory": "128Mi"], "limits": ["memory": "256Mi"],
            ])

        #expect(containerPort(container, "webhook") == 9443, "the webhook Service's targetPort")
        #expect(containerPort(container, "metrics") == 8080, "--metrics-bind-address")
        #expect(containerPort(container, "health") == 8081, "--health-probe-bind-address")
        for (probe, path) in [("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")] {
            let get = container[path: [probe, "httpGet"]]
            #expect(get?["path"] == .string(path), "\(probe)")
            #expect(get?["port"].flatMap { resolve($0, in: container) } == 8081, "\(probe) asks the health port")
            #expect((container[path: [probe, "periodSeconds"]]?.intValue ?? 0) > 0, "\(probe)")
        }

        let mounts = container["volumeMounts"]?.arrayValue ?? []
        let certMount = try #require(mounts.first { $0["mountPath"] == "/tmp/k8s-webhook-server/serving-certs" })
        #expect(certMount["readOnly"] == true)
        let volume = spec["volumes"]?.arrayValue?.first { $0["name"] == certMount["name"] }
        #expect(volume?[path: ["secret", "secretName"]] == "drawbridge-webhook-cert")
        return container
    }

    /// Checks that `service` selects `pod`'s labels and that its `port` forwards to a port the
    /// controller container declares.
    static func service(_ service: JSONValue, reaches pod: JSONValue, port: Int64) throws {
        let selector = service[path: ["spec", "selector"]]?.stringMap ?? [:]
        let labels = pod[path: ["metadata", "labels"]]?.stringMap ?? [:]
        #expect(!selector.isEmpty && selector.allSatisfy { labels[$0.key] == $0.value }, "the Service selects the pods")
        let entry = try #require(service[path: ["spec", "ports"]]?.arrayValue?.first { $0["port"]?.intValue == port })
        let container = try #require(pod[path: ["spec", "containers"]]?.arrayValue?.first)
        let target = entry["targetPort"] ?? .int(port)
        #expect(resolve(target, in: container) != nil, "targetPort \(target) is one of the container's ports")
    }

    /// Checks that `policy` covers the controller's pods and admits the webhook port only from the two
    /// documented API server sources (kube-system pods, an ipBlock), the metrics and health ports from
    /// anywhere, and nothing else; egress is left alone.
    static func networkPolicy(_ policy: JSONValue, selects deployment: JSONValue) throws {
        let pod = try #require(deployment[path: ["spec", "template"]])
        let labels = pod[path: ["metadata", "labels"]]?.stringMap ?? [:]
        let selector = policy[path: ["spec", "podSelector", "matchLabels"]]?.stringMap ?? [:]
        #expect(!selector.isEmpty && selector.allSatisfy { labels[$0.key] == $0.value }, "the policy selects the pods")
        #expect(policy[path: ["spec", "policyTypes"]] == ["Ingress"])
        let container = pod[path: ["spec", "containers"]]?.arrayValue?.first ?? .null
        let rules = policy[path: ["spec", "ingress"]]?.arrayValue ?? []
        func ports(_ rule: JSONValue) -> [Int64] {
            (rule["ports"]?.arrayValue ?? []).compactMap { $0["port"].flatMap { resolve($0, in: container) } }
        }
        try #require(rules.count == 2)
        #expect(ports(rules[0]) == [9443], "the first rule is the webhook's")
        #expect(
            rules[0]["from"] == [
                ["namespaceSelector": ["matchLabels": ["kubernetes.io/metadata.name": "kube-system"]]],
                ["ipBlock": ["cidr": "192.0.2.0/24"]],
            ], "the webhook is admitted from the documented API server sources only")
        #expect(ports(rules[1]).sorted() == [8080, 8081], "metrics and health")
        #expect(rules[1]["from"] == nil, "metrics and health from anywhere")
    }

    /// The number of the container port named `name`.
    static func containerPort(_ container: JSONValue, _ name: String) -> Int64? {
        container["ports"]?.arrayValue?.first { $0["name"] == .string(name) }?["containerPort"]?.intValue
    }

    /// A probe or Service port (a number, or the name of a container port) as a declared port number.
    static func resolve(_ port: JSONValue, in container: JSONValue) -> Int64? {
        let declared = container["ports"]?.arrayValue ?? []
        if let number = port.intValue {
            return declared.contains { $0["containerPort"]?.intValue == number } ? number : nil
        }
        return port.stringValue.flatMap { containerPort(container, $0) }
    }
}
