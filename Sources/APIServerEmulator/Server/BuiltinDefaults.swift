import DrawbridgeAPI
import Foundation

/// Kind-specific defaulting and validation of built-in kinds, as their registry strategies do upstream.
enum BuiltinDefaults {
    /// Defaults applied on create.
    static func onCreate(_ object: JSONValue, type: ResourceType) throws -> JSONValue {
        var object = onWrite(object, type: type)
        let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        switch (type.group, type.kind) {
        case ("", "Namespace"):
            object[path: ["spec", "finalizers"]] = ["kubernetes"]
            object["status"] = ["phase": "Active"]
            object[path: ["metadata", "labels", "kubernetes.io/metadata.name"]] = .string(name)
        case ("rbac.authorization.k8s.io", "RoleBinding"), ("rbac.authorization.k8s.io", "ClusterRoleBinding"):
            try validateBinding(object, type: type, name: name)
        case ("apiextensions.k8s.io", "CustomResourceDefinition"):
            object = try CRDLifecycle.establish(object, name: name, type: type)
        default:
            break
        }
        return object
    }

    /// What decoding a v1 object does on every create and update (Secrets, Services, NetworkPolicies).
    static func onWrite(_ object: JSONValue, type: ResourceType) -> JSONValue {
        switch (type.group, type.kind) {
        case ("", "Secret"): return secretOnWrite(object)
        case ("", "Service"): return serviceOnWrite(object)
        case ("networking.k8s.io", "NetworkPolicy"): return networkPolicyOnWrite(object)
        default: return object
        }
    }

    /// A Secret's write-only `stringData` is merged into `data` (base64, winning over `data`) and never
    /// stored; its `type` defaults to `Opaque`.
    static func secretOnWrite(_ object: JSONValue) -> JSONValue {
        var object = object
        if let strings = object["stringData"]?.objectValue, !strings.isEmpty {
            var data = object["data"]?.objectValue ?? [:]
            for (key, value) in strings {
                data[key] = .string(Data((value.stringValue ?? "").utf8).base64EncodedString())
            }
            object["data"] = .object(data)
        }
        object["stringData"] = nil
        if (object["type"]?.stringValue ?? "").isEmpty { object["type"] = "Opaque" }
        return object
    }

    /// A Service's `type` defaults to `ClusterIP` and `sessionAffinity` to `None`; each port's
    /// `protocol` to `TCP` and `targetPort` to its `port`. No cluster IP is allocated: nothing routes.
    static func serviceOnWrite(_ object: JSONValue) -> JSONValue {
        var object = object
        if object[path: ["spec", "type"]] == nil { object[path: ["spec", "type"]] = "ClusterIP" }
        if object[path: ["spec", "sessionAffinity"]] == nil { object[path: ["spec", "sessionAffinity"]] = "None" }
        if let ports = object[path: ["spec", "ports"]]?.arrayValue {
            object[path: ["spec", "ports"]] = .array(
                ports.map { port in
                    var port = port
                    if port["protocol"] == nil { port["protocol"] = "TCP" }
                    if port["targetPort"] == nil, let number = port["port"] { port["targetPort"] = number }
                    return port
                })
        }
        return object
    }

    /// A NetworkPolicy's `policyTypes` default to `Ingress`, plus `Egress` when it has egress rules;
    /// each rule's port `protocol` to `TCP`.
    static func networkPolicyOnWrite(_ object: JSONValue) -> JSONValue {
        var object = object
        for direction in ["ingress", "egress"] {
            guard let rules = object[path: ["spec", direction]]?.arrayValue else { continue }
            object[path: ["spec", direction]] = .array(
                rules.map { rule in
                    guard let ports = rule["ports"]?.arrayValue else { return rule }
                    var rule = rule
                    rule["ports"] = .array(
                        ports.map { port in
                            var port = port
                            if port.objectValue != nil, port["protocol"] == nil { port["protocol"] = "TCP" }
                            return port
                        })
                    return rule
                })
        }
        if (object[path: ["spec", "policyTypes"]]?.arrayValue ?? []).isEmpty, object["spec"]?.objectValue != nil {
            let egress = !(object[path: ["spec", "egress"]]?.arrayValue ?? []).isEmpty
            object[path: ["spec", "policyTypes"]] = egress ? ["Ingress", "Egress"] : ["Ingress"]
        }
        return object
    }

    /// Fields that may never change after create.
    static func checkImmutable(old: JSONValue, new: JSONValue, type: ResourceType, name: String) throws {
        switch (type.group, type.kind) {
        case ("rbac.authorization.k8s.io", "RoleBinding"), ("rbac.authorization.k8s.io", "ClusterRoleBinding"):
            if old["roleRef"] != new["roleRef"] {
                throw StatusError.invalid(
                    type, name,
                    [
                        .init(
                            reason: "FieldValueInvalid",
                            message:
                                "Invalid value: \(String(decoding: JSONWire.encode(new["roleRef"] ?? .null), as: UTF8.self)): cannot change roleRef",
                            field: "roleRef")
                    ])
            }
            try validateBinding(new, type: type, name: name)
        case ("apiextensions.k8s.io", "CustomResourceDefinition"):
            if old[path: ["spec", "group"]] != new[path: ["spec", "group"]]
                || old[path: ["spec", "names", "plural"]] != new[path: ["spec", "names", "plural"]]
            {
                throw StatusError.invalid(
                    type, name,
                    [
                        .init(
                            reason: "FieldValueInvalid", message: "Invalid value: field is immutable",
                            field: "spec.group")
                    ])
            }
        default:
            break
        }
    }

    static func validateBinding(_ object: JSONValue, type: ResourceType, name: String) throws {
        var causes: [StatusError.Cause] = []
        let kind = object[path: ["roleRef", "kind"]]?.stringValue ?? ""
        let allowed = type.kind == "RoleBinding" ? ["Role", "ClusterRole"] : ["ClusterRole"]
        if kind.isEmpty {
            causes.append(.init(reason: "FieldValueRequired", message: "Required value", field: "roleRef.kind"))
        } else if !allowed.contains(kind) {
            causes.append(
                .init(
                    reason: "FieldValueNotSupported",
                    message:
                        "Unsupported value: \"\(kind)\": supported values: \(allowed.map { "\"\($0)\"" }.joined(separator: ", "))",
                    field: "roleRef.kind"))
        }
        if (object[path: ["roleRef", "name"]]?.stringValue ?? "").isEmpty {
            causes.append(.init(reason: "FieldValueRequired", message: "Required value", field: "roleRef.name"))
        }
        for (index, subject) in (object["subjects"]?.arrayValue ?? []).enumerated() {
            let subjectKind = subject["kind"]?.stringValue ?? ""
            if !["User", "Group", "ServiceAccount"].contains(subjectKind) {
                causes.append(
                    .init(
                        reason: "FieldValueNotSupported",
                        message:
                            "Unsupported value: \"\(subjectKind)\": supported values: \"ServiceAccount\", \"User\", \"Group\"",
                        field: "subjects[\(index)].kind"))
            }
            if (subject["name"]?.stringValue ?? "").isEmpty {
                causes.append(
                    .init(reason: "FieldValueRequired", message: "Required value", field: "subjects[\(index)].name"))
            }
        }
        if !causes.isEmpty { throw StatusError.invalid(type, name, causes) }
    }
}

/// CRD create/update: name checks, defaults, and the status a real apiextensions server sets at once
/// (NamesAccepted and Established), so `kubectl wait --for=condition=Established` returns.
enum CRDLifecycle {
    static func establish(_ object: JSONValue, name: String, type: ResourceType) throws -> JSONValue {
        var object = object
        let group = object[path: ["spec", "group"]]?.stringValue ?? ""
        let plural = object[path: ["spec", "names", "plural"]]?.stringValue ?? ""
        let kind = object[path: ["spec", "names", "kind"]]?.stringValue ?? ""
        var causes: [StatusError.Cause] = []
        if name != "\(plural).\(group)" {
            causes.append(
                .init(
                    reason: "FieldValueInvalid",
                    message: "Invalid value: \"\(name)\": must be spec.names.plural+\".\"+spec.group",
                    field: "metadata.name"))
        }
        if kind.isEmpty {
            causes.append(.init(reason: "FieldValueRequired", message: "Required value", field: "spec.names.kind"))
        }
        let versions = object[path: ["spec", "versions"]]?.arrayValue ?? []
        if versions.filter({ $0["storage"]?.boolValue == true }).count != 1 {
            causes.append(
                .init(
                    reason: "FieldValueInvalid",
                    message: "Invalid value: must have exactly one version marked as storage version",
                    field: "spec.versions"))
        }
        if !causes.isEmpty { throw StatusError.invalid(type, name, causes) }
        if object[path: ["spec", "names", "singular"]] == nil {
            object[path: ["spec", "names", "singular"]] = .string(kind.lowercased())
        }
        if object[path: ["spec", "names", "listKind"]] == nil {
            object[path: ["spec", "names", "listKind"]] = .string(kind + "List")
        }
        if object[path: ["spec", "conversion"]] == nil { object[path: ["spec", "conversion"]] = ["strategy": "None"] }
        return withStatus(object)
    }

    /// The status of an established CRD.
    static func withStatus(_ object: JSONValue) -> JSONValue {
        var object = object
        let now = object[path: ["metadata", "creationTimestamp"]] ?? .null
        func condition(_ type: String, _ reason: String, _ message: String) -> JSONValue {
            [
                "type": .string(type), "status": "True", "reason": .string(reason), "message": .string(message),
                "lastTransitionTime": now,
            ]
        }
        let storage = (object[path: ["spec", "versions"]]?.arrayValue ?? []).first { $0["storage"]?.boolValue == true }
        object["status"] = [
            "conditions": [
                condition("NamesAccepted", "NoConflicts", "no conflicts found"),
                condition("Established", "InitialNamesAccepted", "the initial names have been accepted"),
            ],
            "acceptedNames": object[path: ["spec", "names"]] ?? .object([:]),
            "storedVersions": .array([storage?["name"] ?? "v1"]),
        ]
        return object
    }
}
