/// Renders values the way Go's `field.Error` and kube-openapi do, so messages match a real API server
/// character for character (`%q` strings, `%v` numbers, `null`).
public enum GoFormat {
    /// The bad value in `Invalid value: ...`: quoted strings, plain numbers and booleans, JSON otherwise.
    static func value(_ value: JSONValue) -> String {
        switch value {
        case .null: "\"null\""
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .double(let number): self.number(number)
        case .string(let text): quoted(text)
        case .array, .object: json(value)
        }
    }

    /// Go's `%v` for a float64: integral values without a fraction.
    static func number(_ number: Double) -> String {
        if number.rounded() == number, abs(number) < 1e18 { return String(Int64(number)) }
        return String(number)
    }

    /// Go's `%q`: double-quoted, with quotes, backslashes and control characters escaped.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Compact JSON with sorted keys (used for enum values that are not strings, and for objects).
    static func json(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool, .int, .double: self.value(value)
        case .string(let text): quoted(text)
        case .array(let items): "[" + items.map(json).joined(separator: ",") + "]"
        case .object(let fields):
            "{" + fields.keys.sorted().map { "\(quoted($0)):\(json(fields[$0] ?? .null))" }.joined(separator: ",") + "}"
        }
    }

    /// The path as kube-openapi names it inside a message (`.` for the root).
    static func bodyPath(_ field: String) -> String { field.isEmpty ? "." : field }
}
