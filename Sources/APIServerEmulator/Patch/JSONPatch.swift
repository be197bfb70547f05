import DrawbridgeAPI

/// JSON patch (RFC 6902), the `application/json-patch+json` body of `kubectl patch --type=json`, and what
/// kubectl sends to hand `managedFields` over after a client-side to server-side apply migration.
///
/// Exists as a pure function so the request pipeline only maps `JSONPatchError.httpStatus` to a Status.
/// Operations apply in order to a working copy; the first failure aborts the whole patch (atomicity).
public enum JSONPatch {
    /// Applies the operation list to `target`.
    ///
    /// - Throws: `JSONPatchError` — `.malformed` (400) when the list or an operation is invalid, `.testFailed`
    ///   (422) for a failing `test` (`testing value /spec/x failed`), `.notApplicable` (422) for missing paths
    ///   and out-of-range indices.
    public static func apply(_ operations: JSONValue, to target: JSONValue) throws(JSONPatchError) -> JSONValue {
        guard case .array(let list) = operations else {
            throw JSONPatchError(.malformed, "a JSON patch must be an array of operations")
        }
        var document = target
        for operation in list {
            try applyOne(operation, to: &document)
        }
        return document
    }

    private static func applyOne(_ operation: JSONValue, to document: inout JSONValue) throws(JSONPatchError) {
        guard case .object(let fields) = operation else {
            throw JSONPatchError(.malformed, "a JSON patch operation must be an object")
        }
        guard let op = fields["op"]?.stringValue else { throw JSONPatchError(.malformed, "operation missing op field") }
        guard let pathText = fields["path"]?.stringValue else {
            throw JSONPatchError(.malformed, "operation missing path field")
        }
        let path = try JSONPointer(pathText)
        switch op {
        case "add":
            document = try add(try requiredValue(fields, op), at: path, in: document)
        case "remove":
            document = try remove(at: path, from: document).document
        case "replace":
            let value = try requiredValue(fields, op)
            _ = try lookup(at: path, in: document, op: op)
            document = try set(value, at: path, in: document, inserting: false)
        case "move":
            let from = try requiredFrom(fields, op)
            if from != path, from.isPrefix(of: path) {
                throw JSONPatchError(.notApplicable, "move operation does not apply: \(from) is an ancestor of \(path)")
            }
            let (removed, value) = try remove(at: from, from: document)
            document = try add(value, at: path, in: removed)
        case "copy":
            let from = try requiredFrom(fields, op)
            document = try add(try lookup(at: from, in: document, op: op), at: path, in: document)
        case "test":
            let expected = try requiredValue(fields, op)
            guard let actual = try? lookup(at: path, in: document, op: op), equal(actual, expected) else {
                throw JSONPatchError(.testFailed, "testing value \(path) failed")
            }
        default:
            throw JSONPatchError(.malformed, "Unexpected kind: \(op)")
        }
    }

    private static func requiredValue(_ fields: [String: JSONValue], _ op: String) throws(JSONPatchError) -> JSONValue {
        guard let value = fields["value"] else {
            throw JSONPatchError(.malformed, "\(op) operation missing value field")
        }
        return value
    }

    private static func requiredFrom(_ fields: [String: JSONValue], _ op: String) throws(JSONPatchError) -> JSONPointer
    {
        guard let text = fields["from"]?.stringValue else {
            throw JSONPatchError(.malformed, "\(op) operation missing from field")
        }
        return try JSONPointer(text)
    }

    /// The value at `path`, or `.notApplicable` when it does not exist.
    static func lookup(at path: JSONPointer, in document: JSONValue, op: String) throws(JSONPatchError) -> JSONValue {
        var current = document
        for token in path.tokens {
            switch current {
            case .object(let fields):
                guard let next = fields[token] else { throw missing(op, path) }
                current = next
            case .array(let items):
                guard let index = JSONPointer.index(token), index < items.count else { throw badIndex(op, token) }
                current = items[index]
            default:
                throw missing(op, path)
            }
        }
        return current
    }

    private static func add(_ value: JSONValue, at path: JSONPointer, in document: JSONValue) throws(JSONPatchError)
        -> JSONValue
    {
        try set(value, at: path, in: document, inserting: true)
    }

    /// Writes `value` at `path`: objects get the member set; arrays get an insertion (`add`, `-` appends) or
    /// an element replacement (`replace`). The parent must exist.
    private static func set(_ value: JSONValue, at path: JSONPointer, in document: JSONValue, inserting: Bool)
        throws(JSONPatchError) -> JSONValue
    {
        let op = inserting ? "add" : "replace"
        guard let last = path.tokens.last else { return value }
        let parentPath = JSONPointer(tokens: Array(path.tokens.dropLast()))
        let parent = try lookup(at: parentPath, in: document, op: op)
        let updated: JSONValue
        switch parent {
        case .object(var fields):
            fields[last] = value
            updated = .object(fields)
        case .array(var items):
            if inserting {
                let index = last == "-" ? items.count : JSONPointer.index(last)
                guard let index, index <= items.count else { throw badIndex(op, last) }
                items.insert(value, at: index)
            } else {
                guard let index = JSONPointer.index(last), index < items.count else { throw badIndex(op, last) }
                items[index] = value
            }
            updated = .array(items)
        default:
            throw missing(op, path)
        }
        return try replace(at: parentPath, in: document, with: updated)
    }

    /// Removes the member or element at `path`, returning the new document and the removed value.
    private static func remove(at path: JSONPointer, from document: JSONValue) throws(JSONPatchError)
        -> (document: JSONValue, value: JSONValue)
    {
        guard let last = path.tokens.last else {
            throw JSONPatchError(.notApplicable, "remove operation does not apply: cannot remove the whole document")
        }
        let parentPath = JSONPointer(tokens: Array(path.tokens.dropLast()))
        let parent = try lookup(at: parentPath, in: document, op: "remove")
        switch parent {
        case .object(var fields):
            guard let removed = fields.removeValue(forKey: last) else { throw missing("remove", path) }
            return (try replace(at: parentPath, in: document, with: .object(fields)), removed)
        case .array(var items):
            guard let index = JSONPointer.index(last), index < items.count else { throw badIndex("remove", last) }
            let removed = items.remove(at: index)
            return (try replace(at: parentPath, in: document, with: .array(items)), removed)
        default:
            throw missing("remove", path)
        }
    }

    /// Rebuilds `document` with the (existing) value at `path` swapped for `newValue`.
    private static func replace(at path: JSONPointer, in document: JSONValue, with newValue: JSONValue)
        throws(JSONPatchError) -> JSONValue
    {
        guard let first = path.tokens.first else { return newValue }
        let rest = JSONPointer(tokens: Array(path.tokens.dropFirst()))
        switch document {
        case .object(var fields):
            guard let child = fields[first] else { throw missing("replace", path) }
            fields[first] = try replace(at: rest, in: child, with: newValue)
            return .object(fields)
        case .array(var items):
            guard let index = JSONPointer.index(first), index < items.count else { throw badIndex("replace", first) }
            items[index] = try replace(at: rest, in: items[index], with: newValue)
            return .array(items)
        default:
            throw missing("replace", path)
        }
    }

    /// JSON equality, where `1` and `1.0` are the same number (RFC 6902 section 4.6).
    static func equal(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)): return Double(a) == b
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map { equal(value, $0) } ?? false }
        default: return lhs == rhs
        }
    }

    private static func missing(_ op: String, _ path: JSONPointer) -> JSONPatchError {
        JSONPatchError(
            .notApplicable, "\(op) operation does not apply: doc is missing path: \"\(path)\": missing value")
    }

    private static func badIndex(_ op: String, _ token: String) -> JSONPatchError {
        JSONPatchError(
            .notApplicable,
            "\(op) operation does not apply: Unable to access invalid index: \(token): invalid index referenced")
    }
}
