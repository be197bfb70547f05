import DrawbridgeAPI
import DrawbridgeCore
import Foundation

/// Tables for custom resources: Name plus the CRD's `additionalPrinterColumns`, or Name plus Age
/// when the CRD declares none, with cells converted as the CRD handler's table convertor does.
///
/// Exists because `kubectl get accessrequests` shows exactly these columns; the cell conversion
/// (typed JSON for numbers and booleans, human ages for dates, `null` for missing) is what makes the
/// output match a real cluster.
public enum CustomResourcePrinter {
    /// The printer for a CRD version with `columns` (empty → the default Age column).
    public static func printer(columns: [CustomResourceColumnDefinition]) -> RowPrinter {
        let effective =
            columns.isEmpty
            ? [
                CustomResourceColumnDefinition(
                    name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp",
                    description: TableColumn.creationTimestampDescription)
            ]
            : columns
        let definitions =
            [TableColumn.name]
            + effective.map { column in
                TableColumn(
                    name: column.name, type: column.type, format: column.format ?? "",
                    description: column.description ?? "", priority: Int(column.priority ?? 0))
            }
        let paths = effective.map { column in (type: column.type, path: try? PrinterJSONPath(column.jsonPath)) }
        return RowPrinter(columns: definitions) { object, now in
            [PrintedField.name(object)]
                + paths.map { column in
                    guard let value = column.path?.first(in: object) else { return .null }
                    return cell(type: column.type, value: value, now: now)
                }
        }
    }

    /// Converts a selected value to the cell the CRD handler sends for a column of `type`.
    public static func cell(type: String, value: JSONValue, now: Date) -> JSONValue {
        switch (type, value) {
        case (_, .null): return .null
        case ("string", _): return .string(text(value))
        case ("integer", .int): return value
        case ("integer", .double(let number)):
            return number.isFinite && abs(number) < 9.2e18 ? .int(Int64(number)) : .null
        case ("number", .int(let number)): return .double(Double(number))
        case ("number", .double): return value
        case ("boolean", .bool): return value
        case ("date", .string(let timestamp)):
            guard let date = RFC3339.parse(timestamp) else { return .string("<invalid>") }
            return .string(HumanDuration.format(now.timeIntervalSince(date)))
        default: return .null
        }
    }

    /// How a string column prints a non-string value (Go's `fmt.Print` of the decoded JSON).
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: return "<nil>"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number):
            if number.rounded() == number, abs(number) < 9e18 { return String(Int64(number)) }
            return "\(number)"
        case .string(let string): return string
        case .array(let items): return "[" + items.map(text).joined(separator: " ") + "]"
        case .object(let fields):
            return "map[" + fields.keys.sorted().map { "\($0):\(text(fields[$0] ?? .null))" }.joined(separator: " ")
                + "]"
        }
    }
}
