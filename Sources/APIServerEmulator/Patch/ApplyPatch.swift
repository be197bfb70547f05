import DrawbridgeAPI

/// A simplified server-side apply (`application/apply-patch+yaml`, `kubectl apply --server-side`).
///
/// Exists so the emulator can serve SSA requests without the real field-management machinery.
/// - Important: This is a deliberate simplification. The real server tracks which manager owns each field
///   in `metadata.managedFields`, answers 409 Conflict (`FieldManagerConflict`) when another manager owns a
///   field with a different value (unless `force=true`), and removes fields this manager applied before but
///   dropped now. Here the applied configuration is merged onto the existing object with merge-patch rules,
///   except that `null` in the applied configuration never deletes (it is skipped), lists replace whole, and
///   nothing is recorded about ownership. Recording the manager entry is the caller's job.
public enum ApplyPatch {
    /// Merges `applied` onto `existing`; with no existing object the result is `applied` without nulls
    /// (the create path, answered with 201).
    public static func apply(_ applied: JSONValue, to existing: JSONValue?) -> JSONValue {
        merge(applied, onto: existing ?? .object([:]))
    }

    private static func merge(_ applied: JSONValue, onto existing: JSONValue) -> JSONValue {
        switch applied {
        case .object(let fields):
            var result = existing.objectValue ?? [:]
            for (key, value) in fields where value != .null {
                result[key] = merge(value, onto: result[key] ?? .null)
            }
            return .object(result)
        case .array(let items):
            return .array(items.map(withoutNulls))
        default:
            return applied
        }
    }

    /// Drops null members at every depth, so a new object never stores them.
    private static func withoutNulls(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let fields): return .object(fields.filter { $0.value != .null }.mapValues(withoutNulls))
        case .array(let items): return .array(items.map(withoutNulls))
        default: return value
        }
    }
}
