import DrawbridgeAPI

/// Strategic merge patch (`application/strategic-merge-patch+json`) for the built-in kinds the emulator
/// serves: what `kubectl apply` sends for RoleBindings, Leases and the like, and `kubectl patch`'s default.
///
/// Exists because it differs from a JSON merge patch exactly where controllers and kubectl depend on it:
/// `metadata.finalizers` and `metadata.ownerReferences` merge instead of replacing, and kubectl's apply
/// patches carry directives. Lists without a declared strategy (RBAC `subjects` and `rules`, `managedFields`)
/// replace whole, as upstream. Strategies come from `StrategicMergeStrategies`.
///
/// Directives: `$patch: replace|delete|merge` in maps, `$patch: replace|delete` in merge-list items,
/// `$retainKeys`, `$deleteFromPrimitiveList/<field>` and `$setElementOrder/<field>`.
/// - Important: `$setElementOrder` is approximated: listed items take the listed order within the slots
///   they occupy, server-only items keep their positions. Members new to the object are stored without
///   directives or nulls (upstream copies them as sent).
public enum StrategicMergePatch {
    /// Applies `patch` to `target`, an object of the built-in `kind`.
    ///
    /// - Throws: `StrategicMergePatchError` — `.unsupportedKind` for kinds outside
    ///   `StrategicMergeStrategies.supportedKinds` (answer with `unsupportedMediaType(apiVersion:kind:)`),
    ///   `.malformed` for a bad directive or a merge-list item without its merge key.
    public static func apply(_ patch: JSONValue, to target: JSONValue, kind: String)
        throws(StrategicMergePatchError) -> JSONValue
    {
        guard StrategicMergeStrategies.supportedKinds.contains(kind) else {
            throw StrategicMergePatchError(.unsupportedKind, "strategic merge patch is not supported for kind \(kind)")
        }
        guard case .object(let patchFields) = patch else {
            throw StrategicMergePatchError(.malformed, "a strategic merge patch must be a JSON object")
        }
        let merger = Merger(kind: kind)
        return .object(try merger.mergeObject(target.objectValue ?? [:], patchFields, path: ""))
    }

    /// The recursive merge, carrying the kind so list strategies can be looked up by path.
    struct Merger {
        let kind: String

        static let deletePrefix = "$deleteFromPrimitiveList/"
        static let orderPrefix = "$setElementOrder/"

        func mergeObject(_ original: [String: JSONValue], _ patch: [String: JSONValue], path: String)
            throws(StrategicMergePatchError) -> [String: JSONValue]
        {
            var patch = patch
            var result = original
            if let directive = patch.removeValue(forKey: "$patch") {
                switch directive.stringValue {
                case "replace": result = [:]
                case "delete": return [:]
                case "merge": break
                default: throw StrategicMergePatchError(.malformed, "unknown patch type: \(text(directive)) in map")
                }
            }
            if let retain = patch.removeValue(forKey: "$retainKeys") {
                guard let keys = retain.arrayValue?.compactMap(\.stringValue), keys.count == retain.arrayValue?.count
                else { throw StrategicMergePatchError(.malformed, "$retainKeys must be a list of strings") }
                result = result.filter { keys.contains($0.key) }
            }
            var orders: [(field: String, order: [JSONValue])] = []
            for (key, value) in patch.sorted(by: { $0.key < $1.key }) where key.hasPrefix("$") {
                if key.hasPrefix(Self.deletePrefix) {
                    let field = String(key.dropFirst(Self.deletePrefix.count))
                    guard let doomed = value.arrayValue else {
                        throw StrategicMergePatchError(.malformed, "\(key) must be a list")
                    }
                    if let items = result[field]?.arrayValue {
                        result[field] = .array(items.filter { !doomed.contains($0) })
                    }
                } else if key.hasPrefix(Self.orderPrefix) {
                    guard let order = value.arrayValue else {
                        throw StrategicMergePatchError(.malformed, "\(key) must be a list")
                    }
                    orders.append((String(key.dropFirst(Self.orderPrefix.count)), order))
                } else {
                    throw StrategicMergePatchError(.malformed, "unknown directive \(key) in map")
                }
            }
            for (key, value) in patch where !key.hasPrefix("$") {
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                switch (result[key], value) {
                case (_, .null):
                    result.removeValue(forKey: key)
                case (.object(let live), .object(let fields)):
                    result[key] = .object(try mergeObject(live, fields, path: childPath))
                case (.array(let live), .array(let items)):
                    result[key] = .array(try mergeList(live, items, path: childPath))
                case (nil, .object(let fields)):
                    result[key] = .object(try mergeObject([:], fields, path: childPath))
                case (nil, .array(let items)):
                    result[key] = .array(try mergeList([], items, path: childPath))
                default:
                    result[key] = value
                }
            }
            for (field, order) in orders {
                if let items = result[field]?.arrayValue {
                    result[field] = .array(reorder(items, by: order, path: path.isEmpty ? field : "\(path).\(field)"))
                }
            }
            return result
        }

        func mergeList(_ original: [JSONValue], _ patch: [JSONValue], path: String)
            throws(StrategicMergePatchError) -> [JSONValue]
        {
            switch StrategicMergeStrategies.strategy(forList: path, kind: kind) {
            case .replace:
                return patch
            case .mergePrimitives:
                let replaces = patch.contains { $0["$patch"] == .string("replace") }
                var result = replaces ? [] : original
                for item in patch where item.objectValue == nil && !result.contains(item) { result.append(item) }
                return result
            case .mergeByKey(let mergeKey):
                var result = original
                var additions: [[String: JSONValue]] = []
                for item in patch {
                    guard case .object(var fields) = item else {
                        throw StrategicMergePatchError(.malformed, "\(path): items must be objects")
                    }
                    guard let directive = fields.removeValue(forKey: "$patch") else {
                        additions.append(fields)
                        continue
                    }
                    switch directive.stringValue {
                    case "delete":
                        guard let keyValue = fields[mergeKey] else { throw noMergeKey(path, mergeKey) }
                        result.removeAll { $0[mergeKey] == keyValue }
                    case "replace":
                        result = []
                    case "merge":
                        throw StrategicMergePatchError(.malformed, "merging lists cannot yet be specified in the patch")
                    default:
                        throw StrategicMergePatchError(.malformed, "unknown patch type: \(text(directive)) in map")
                    }
                }
                for fields in additions {
                    guard let keyValue = fields[mergeKey] else { throw noMergeKey(path, mergeKey) }
                    if let index = result.firstIndex(where: { $0[mergeKey] == keyValue }) {
                        result[index] = .object(try mergeObject(result[index].objectValue ?? [:], fields, path: path))
                    } else {
                        result.append(.object(try mergeObject([:], fields, path: path)))
                    }
                }
                return result
            }
        }

        /// Applies `$setElementOrder`: the slots holding listed items are refilled in the listed order.
        func reorder(_ items: [JSONValue], by order: [JSONValue], path: String) -> [JSONValue] {
            let identity: (JSONValue) -> JSONValue
            if case .mergeByKey(let key) = StrategicMergeStrategies.strategy(forList: path, kind: kind) {
                identity = { $0[key] ?? .null }
            } else {
                identity = { $0 }
            }
            let wanted = order.map(identity)
            let listed = items.filter { wanted.contains(identity($0)) }
                .sorted { (wanted.firstIndex(of: identity($0)) ?? 0) < (wanted.firstIndex(of: identity($1)) ?? 0) }
            var next = listed.makeIterator()
            return items.map { wanted.contains(identity($0)) ? (next.next() ?? $0) : $0 }
        }

        func noMergeKey(_ path: String, _ key: String) -> StrategicMergePatchError {
            StrategicMergePatchError(.malformed, "\(path): map does not contain declared merge key: \(key)")
        }

        func text(_ value: JSONValue) -> String {
            value.stringValue ?? "\(value)"
        }
    }
}
