import DrawbridgeAPI
import Foundation

/// The server-side rules every write goes through: system metadata on create, generation, status
/// subresource isolation, finalizer rules and no-op detection, as kube-apiserver applies them.
enum ObjectLifecycle {
    /// Turns a client's object into the one mutating admission sees on create, or throws the Status a
    /// real server sends. As in kube-apiserver, the registry fills in a generated name, the uid and
    /// the creation time only after mutating admission (`completeCreate`): a mutating webhook sees
    /// an empty name for a `generateName` create, and no uid.
    static func prepareCreate(_ object: JSONValue, _ ctx: WriteContext, namespaceExists: (String) -> NamespaceState)
        throws -> JSONValue
    {
        guard case .object = object else { throw StatusError.badRequest("the body must be a JSON object") }
        var object = object
        let type = ctx.type
        try checkTypeMeta(object, type)
        object["apiVersion"] = .string(type.apiVersion)
        object["kind"] = .string(type.kind)
        var meta = object["metadata"]?.objectValue ?? [:]
        let name = meta["name"]?.stringValue ?? ""
        if type.namespaced {
            let bodyNamespace = meta["namespace"]?.stringValue ?? ""
            if !bodyNamespace.isEmpty && bodyNamespace != ctx.namespace {
                throw StatusError.badRequest(
                    "the namespace of the provided object does not match the namespace sent on the request")
            }
            meta["namespace"] = .string(ctx.namespace)
            switch namespaceExists(ctx.namespace) {
            case .missing:
                throw StatusError(
                    code: 404, reason: "NotFound", message: "namespaces \"\(ctx.namespace)\" not found",
                    name: ctx.namespace, kind: "namespaces")
            case .terminating:
                throw StatusError(
                    code: 403, reason: "Forbidden",
                    message:
                        "\(type.qualifiedName) \"\(name)\" is forbidden: unable to create new content in namespace \(ctx.namespace) because it is being terminated",
                    name: name, group: type.group, kind: type.plural,
                    causes: [
                        .init(
                            reason: "NamespaceTerminating", message: "namespace \(ctx.namespace) is being terminated",
                            field: "metadata.namespace")
                    ])
            case .active:
                break
            }
        } else {
            meta["namespace"] = nil
        }
        for field in ["uid", "creationTimestamp", "resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds"]
        {
            meta[field] = nil
        }
        meta["selfLink"] = nil
        meta["managedFields"] = managedFields(ctx, operation: "Update", existing: nil)
        object["metadata"] = .object(meta)
        if type.isCustom && type.hasStatusSubresource { object["status"] = nil }
        return BuiltinDefaults.onWrite(object, type: type)
    }

    /// What kube-apiserver's registry does to a new object after mutating admission and before
    /// validation (`rest.BeforeCreate`): a name from `generateName`, the name check, the uid, the
    /// creation time and the first generation, overwriting whatever a webhook put there, then the
    /// kind's own create rules (a Namespace's name label, a binding's checks).
    static func completeCreate(_ object: JSONValue, _ ctx: WriteContext) throws -> JSONValue {
        var object = object
        let type = ctx.type
        var meta = object["metadata"]?.objectValue ?? [:]
        if meta["name"]?.stringValue?.isEmpty ?? true {
            guard let prefix = meta["generateName"]?.stringValue, !prefix.isEmpty else {
                throw StatusError.invalid(
                    type, "",
                    [
                        .init(
                            reason: "FieldValueRequired", message: "Required value: name or generateName is required",
                            field: "metadata.name")
                    ])
            }
            meta["name"] = .string(prefix + randomSuffix())
        }
        try validateName(meta["name"]?.stringValue ?? "", type)
        meta["uid"] = .string(UUID().uuidString.lowercased())
        meta["creationTimestamp"] = .string(KubeTime(ctx.now).description)
        if type.tracksGeneration { meta["generation"] = 1 } else { meta["generation"] = nil }
        object["metadata"] = .object(meta)
        return try BuiltinDefaults.onCreate(object, type: type)
    }

    /// Applies an update of the main resource or a subresource to `old`; the result still has to pass
    /// admission and the resourceVersion check.
    static func prepareUpdate(old: JSONValue, new: JSONValue, _ ctx: WriteContext) throws -> JSONValue {
        let type = ctx.type
        try checkTypeMeta(new, type)
        let name = old[path: ["metadata", "name"]]?.stringValue ?? ""
        if let newName = new[path: ["metadata", "name"]]?.stringValue, !newName.isEmpty, newName != name {
            throw StatusError.badRequest(
                "the name of the object (\(newName)) does not match the name on the URL (\(name))")
        }
        var result: JSONValue
        switch ctx.target.subresource {
        case "status":
            // Only .status changes; everything else, metadata included, is the old object's.
            result = old
            result["status"] = new["status"]
        case "finalize":
            result = old
            result[path: ["spec", "finalizers"]] = new[path: ["spec", "finalizers"]]
        default:
            result = new
            if type.hasStatusSubresource { result["status"] = old["status"] }
            var meta = result["metadata"]?.objectValue ?? [:]
            for field in [
                "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "namespace", "name",
                "generation",
            ] {
                meta[field] = old[path: ["metadata", field]]
            }
            if meta["managedFields"] == nil { meta["managedFields"] = old[path: ["metadata", "managedFields"]] }
            result["metadata"] = .object(meta)
        }
        result["apiVersion"] = .string(type.apiVersion)
        result["kind"] = .string(type.kind)
        result = BuiltinDefaults.onWrite(result, type: type)
        try checkFinalizers(old: old, new: result, type)
        try BuiltinDefaults.checkImmutable(old: old, new: result, type: type, name: name)
        if type.tracksGeneration, specChanged(old: old, new: result, type: type) {
            let generation = old[path: ["metadata", "generation"]]?.intValue ?? 1
            result[path: ["metadata", "generation"]] = .int(generation + 1)
        }
        return result
    }

    /// True when `new` differs from `old` outside metadata (and outside status when it is a subresource).
    static func specChanged(old: JSONValue, new: JSONValue, type: ResourceType) -> Bool {
        var a = old.objectValue ?? [:]
        var b = new.objectValue ?? [:]
        for field in ["metadata", "apiVersion", "kind"] {
            a[field] = nil
            b[field] = nil
        }
        if type.hasStatusSubresource {
            a["status"] = nil
            b["status"] = nil
        }
        return a != b
    }

    /// True when nothing but bookkeeping differs, so the write must not happen (no RV bump, no event).
    static func isNoOp(old: JSONValue, new: JSONValue) -> Bool {
        var a = old
        var b = new
        for path in [["metadata", "managedFields"], ["metadata", "resourceVersion"]] {
            a[path: path] = nil
            b[path: path] = nil
        }
        return a == b
    }

    /// Once deletion started, finalizers may only be removed.
    static func checkFinalizers(old: JSONValue, new: JSONValue, _ type: ResourceType) throws {
        guard old[path: ["metadata", "deletionTimestamp"]] != nil else { return }
        let before = Set((old[path: ["metadata", "finalizers"]]?.arrayValue ?? []).compactMap(\.stringValue))
        let after = Set((new[path: ["metadata", "finalizers"]]?.arrayValue ?? []).compactMap(\.stringValue))
        guard after.isSubset(of: before) else {
            throw StatusError.invalid(
                type, old[path: ["metadata", "name"]]?.stringValue ?? "",
                [
                    .init(
                        reason: "FieldValueForbidden",
                        message: "Forbidden: no new finalizers can be added if the object is being deleted",
                        field: "metadata.finalizers")
                ])
        }
    }

    /// apiVersion and kind in a body must match the URL's resource when given.
    static func checkTypeMeta(_ object: JSONValue, _ type: ResourceType) throws {
        if let apiVersion = object["apiVersion"]?.stringValue, !apiVersion.isEmpty, apiVersion != type.apiVersion {
            throw StatusError.badRequest(
                "the API version in the data (\(apiVersion)) does not match the expected API version (\(type.apiVersion))"
            )
        }
        if let kind = object["kind"]?.stringValue, !kind.isEmpty, kind != type.kind {
            throw StatusError.badRequest(
                "\(type.kind) in version \"\(type.version)\" cannot be handled as a \(kind): the kind in the data (\(kind)) does not match the expected kind (\(type.kind))"
            )
        }
    }

    /// DNS-subdomain-ish names, as most kinds require (RBAC names are looser, so only the basics).
    static func validateName(_ name: String, _ type: ResourceType) throws {
        let invalid = name.count > 253 || name.contains("/") || name.contains("%") || name == "." || name == ".."
        guard !invalid else {
            throw StatusError.invalid(
                type, name,
                [
                    .init(
                        reason: "FieldValueInvalid",
                        message:
                            "Invalid value: \"\(name)\": may not contain '/' or '%' and must be no more than 253 characters",
                        field: "metadata.name")
                ])
        }
    }

    static func managedFields(_ ctx: WriteContext, operation: String, existing: JSONValue?) -> JSONValue {
        var entry: [String: JSONValue] = [
            "manager": .string(ctx.fieldManager), "operation": .string(operation),
            "apiVersion": .string(ctx.type.apiVersion), "time": .string(KubeTime(ctx.now).description),
            "fieldsType": "FieldsV1", "fieldsV1": .object([:]),
        ]
        if let subresource = ctx.target.subresource { entry["subresource"] = .string(subresource) }
        var entries = (existing?.arrayValue ?? []).filter {
            $0["manager"]?.stringValue != ctx.fieldManager || $0["subresource"] != entry["subresource"]
        }
        entries.append(.object(entry))
        return .array(entries)
    }

    static func randomSuffix() -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String((0..<5).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
    }
}

/// Whether a namespace can take new objects.
enum NamespaceState {
    case active, terminating, missing
}
