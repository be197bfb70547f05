import DrawbridgeAPI
import Foundation

/// The built-in printers of `pkg/printers/internalversion` for the kinds the emulator serves, apart
/// from events (see `EventPrinter`).
///
/// Exists because `kubectl get namespaces`, `get rolebindings -o wide` and friends print whatever
/// columns the server sends; these reproduce the real columns and cell rules.
public enum BuiltinPrinters {
    /// Namespaces: Name, Status (`status.phase`), Age.
    public static let namespace = RowPrinter(
        columns: [.name, TableColumn(name: "Status", description: "The status of the namespace"), .builtinAge]
    ) { object, now in
        [PrintedField.name(object), PrintedField.string(object, ["status", "phase"]), PrintedField.age(object, now)]
    }

    /// RoleBindings and ClusterRoleBindings: Name, Role (`Kind/name`), Age, then wide-only Users,
    /// Groups and ServiceAccounts (`namespace/name`), each joined with `, `.
    public static let binding = RowPrinter(
        columns: [
            .name,
            TableColumn(
                name: "Role",
                description:
                    "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable."
            ),
            .builtinAge,
            TableColumn(name: "Users", description: "Users in the roleBinding", priority: 1),
            TableColumn(name: "Groups", description: "Groups in the roleBinding", priority: 1),
            TableColumn(name: "ServiceAccounts", description: "ServiceAccounts in the roleBinding", priority: 1),
        ]
    ) { object, now in
        let kind = object[path: ["roleRef", "kind"]]?.stringValue ?? ""
        let name = object[path: ["roleRef", "name"]]?.stringValue ?? ""
        let subjects = object["subjects"]?.arrayValue ?? []
        func names(_ subjectKind: String) -> JSONValue {
            let selected = subjects.filter { $0["kind"]?.stringValue == subjectKind }.map { subject in
                let subjectName = subject["name"]?.stringValue ?? ""
                guard subjectKind == "ServiceAccount" else { return subjectName }
                return "\(subject["namespace"]?.stringValue ?? "")/\(subjectName)"
            }
            return .string(selected.joined(separator: ", "))
        }
        return [
            PrintedField.name(object), .string("\(kind)/\(name)"), PrintedField.age(object, now),
            names("User"), names("Group"), names("ServiceAccount"),
        ]
    }

    /// The API server's default table convertor (roles, cluster roles, CRDs, any kind without a
    /// printer): Name and Created At as an RFC 3339 string, not an age.
    public static let createdAt = RowPrinter(columns: [.name, .createdAt]) { object, _ in
        let created = object[path: ["metadata", "creationTimestamp"]]?.stringValue
        let text = created.flatMap(RFC3339.parse).map { RFC3339.format($0, fractionalDigits: 0) }
        return [PrintedField.name(object), text.map(JSONValue.string) ?? .null]
    }

    /// Leases: Name, Holder (`spec.holderIdentity`), Age.
    public static let lease = RowPrinter(
        columns: [.name, TableColumn(name: "Holder", description: "The holder of the lease"), .builtinAge]
    ) { object, now in
        [
            PrintedField.name(object), PrintedField.string(object, ["spec", "holderIdentity"]),
            PrintedField.age(object, now),
        ]
    }

    /// ConfigMaps: Name, Data (number of `data` plus `binaryData` keys), Age.
    public static let configMap = RowPrinter(
        columns: [.name, TableColumn(name: "Data", description: "Number of data items in the ConfigMap"), .builtinAge]
    ) { object, now in
        let count = PrintedField.count(object, ["data"]) + PrintedField.count(object, ["binaryData"])
        return [PrintedField.name(object), .int(count), PrintedField.age(object, now)]
    }

    /// Secrets: Name, Type, Data (number of `data` keys), Age.
    public static let secret = RowPrinter(
        columns: [
            .name, TableColumn(name: "Type", description: "Used to facilitate programmatic handling of secret data."),
            TableColumn(name: "Data", description: "Number of data items in the Secret"), .builtinAge,
        ]
    ) { object, now in
        [
            PrintedField.name(object), PrintedField.string(object, ["type"]),
            .int(PrintedField.count(object, ["data"])), PrintedField.age(object, now),
        ]
    }

    /// ServiceAccounts: Name, Secrets (count), Age.
    public static let serviceAccount = RowPrinter(
        columns: [
            .name, TableColumn(name: "Secrets", description: "Number of secrets referenced by the ServiceAccount"),
            .builtinAge,
        ]
    ) { object, now in
        [PrintedField.name(object), .int(PrintedField.count(object, ["secrets"])), PrintedField.age(object, now)]
    }

    /// Validating and mutating webhook configurations: Name, Webhooks (count), Age.
    public static let webhookConfiguration = RowPrinter(
        columns: [
            .name,
            TableColumn(
                name: "Webhooks", description: "Webhooks indicates the number of webhooks in the configuration"),
            .builtinAge,
        ]
    ) { object, now in
        [PrintedField.name(object), .int(PrintedField.count(object, ["webhooks"])), PrintedField.age(object, now)]
    }
}
