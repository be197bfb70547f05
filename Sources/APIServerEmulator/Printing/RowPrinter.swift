import DrawbridgeAPI
import DrawbridgeCore
import Foundation

/// The columns of one resource's Table and the function that fills a row: what the API server's
/// per-kind printers (and the CRD handler's column convertor) provide.
///
/// Exists so `TablePrinter` assembles Tables without knowing any kind, and each kind's printer is
/// a small value that can be tested on its own.
public struct RowPrinter: Sendable {
    /// Column definitions, in order.
    public var columns: [TableColumn]
    /// Cells for one object at `now`, aligned with `columns` (`.null` for an empty cell).
    public var cells: @Sendable (_ object: JSONValue, _ now: Date) -> [JSONValue]

    public init(columns: [TableColumn], cells: @escaping @Sendable (_ object: JSONValue, _ now: Date) -> [JSONValue]) {
        self.columns = columns
        self.cells = cells
    }

    /// The printer the API server would use for `type`: the CRD's columns for custom resources, a
    /// built-in printer for the kinds the emulator serves, else the default Name + Created At.
    public static func printer(for type: ResourceType) -> RowPrinter {
        if type.isCustom { return CustomResourcePrinter.printer(columns: type.printerColumns) }
        switch (type.group, type.plural) {
        case ("", "namespaces"): return BuiltinPrinters.namespace
        case ("", "events"), ("events.k8s.io", "events"): return EventPrinter.printer
        case ("", "configmaps"): return BuiltinPrinters.configMap
        case ("", "secrets"): return BuiltinPrinters.secret
        case ("", "serviceaccounts"): return BuiltinPrinters.serviceAccount
        case ("rbac.authorization.k8s.io", "rolebindings"), ("rbac.authorization.k8s.io", "clusterrolebindings"):
            return BuiltinPrinters.binding
        case ("coordination.k8s.io", "leases"): return BuiltinPrinters.lease
        case ("apps", "deployments"): return WorkloadPrinters.deployment
        case ("", "services"): return WorkloadPrinters.service
        case ("policy", "poddisruptionbudgets"): return WorkloadPrinters.podDisruptionBudget
        case ("networking.k8s.io", "networkpolicies"): return WorkloadPrinters.networkPolicy
        case ("admissionregistration.k8s.io", "validatingwebhookconfigurations"),
            ("admissionregistration.k8s.io", "mutatingwebhookconfigurations"):
            return BuiltinPrinters.webhookConfiguration
        default:
            // roles, clusterroles, customresourcedefinitions and anything without a dedicated printer.
            return BuiltinPrinters.createdAt
        }
    }
}

/// Small readers shared by the printers.
enum PrintedField {
    static func name(_ object: JSONValue) -> JSONValue {
        .string(object[path: ["metadata", "name"]]?.stringValue ?? "")
    }

    static func age(_ object: JSONValue, _ now: Date) -> JSONValue {
        .string(HumanDuration.age(of: object[path: ["metadata", "creationTimestamp"]], now: now))
    }

    static func string(_ object: JSONValue, _ path: [String]) -> JSONValue {
        .string(object[path: path]?.stringValue ?? "")
    }

    /// Number of members (object) or elements (array) at `path`, 0 when absent.
    static func count(_ object: JSONValue, _ path: [String]) -> Int64 {
        guard let value = object[path: path] else { return 0 }
        return Int64(value.objectValue?.count ?? value.arrayValue?.count ?? 0)
    }
}
