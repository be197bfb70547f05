/// Reading and writing nested members by path, for code that handles objects of any kind (the
/// emulator's store, patches, printer columns) without a Swift type per kind.
extension JSONValue {
    /// The value at `path` (member names from the root), or nil when any step is missing.
    public subscript(path path: [String]) -> JSONValue? {
        get {
            var current: JSONValue? = self
            for key in path { current = current?[key] }
            return current
        }
        set {
            guard let first = path.first else {
                self = newValue ?? .null
                return
            }
            var fields = objectValue ?? [:]
            if path.count == 1 {
                fields[first] = newValue
            } else {
                var child = fields[first] ?? .object([:])
                child[path: Array(path.dropFirst())] = newValue
                fields[first] = child
            }
            self = .object(fields)
        }
    }

    /// The value at a dotted path such as `metadata.name`.
    public subscript(dotted dotted: String) -> JSONValue? {
        get { self[path: dotted.split(separator: ".").map(String.init)] }
        set { self[path: dotted.split(separator: ".").map(String.init)] = newValue }
    }

    /// The string members of an object value (labels, annotations); non-strings are skipped.
    public var stringMap: [String: String] {
        var result: [String: String] = [:]
        for (key, value) in objectValue ?? [:] {
            if let text = value.stringValue { result[key] = text }
        }
        return result
    }

    /// Integer payload, if this is an integer (or a double holding a whole number).
    public var intValue: Int64? {
        switch self {
        case .int(let value): return value
        case .double(let value) where value.rounded() == value: return Int64(exactly: value)
        default: return nil
        }
    }

    /// Boolean payload, if this is a boolean.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
}
