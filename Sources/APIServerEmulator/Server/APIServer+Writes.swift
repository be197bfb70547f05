import DrawbridgeAPI
import Foundation

extension APIServer {
    func create(_ ctx: WriteContext) async throws -> APIResponse {
        var object = try decodeBody(ctx.request)
        let warnings: [String]
        object = try ObjectLifecycle.prepareCreate(object, ctx, namespaceExists: namespaceState)
        (object, warnings) = try await admit(ctx, operation: "CREATE", object: object, old: nil)
        let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        if ctx.isDryRun { return .json(view(object, as: ctx.type), status: 201, warnings: warnings) }
        do {
            let stored = try persist(ctx.type, namespace: ctx.namespace, name: name, expected: nil, object: object)
            return .json(view(stored, as: ctx.type), status: 201, warnings: warnings)
        } catch is ObjectStore.CommitConflict {
            throw StatusError.alreadyExists(ctx.type, name)
        }
    }

    func update(_ ctx: WriteContext) async throws -> APIResponse {
        let name = ctx.target.name ?? ""
        let new = try decodeBody(ctx.request)
        guard let current = store.get(ctx.key, namespace: ctx.namespace, name: name) else {
            throw StatusError.notFound(ctx.type, name)
        }
        let requested = new[path: ["metadata", "resourceVersion"]]?.stringValue ?? ""
        if requested.isEmpty && ctx.type.isCustom {
            throw StatusError.invalid(
                ctx.type, name,
                [
                    .init(
                        reason: "FieldValueInvalid", message: "Invalid value: 0x0: must be specified for an update",
                        field: "metadata.resourceVersion")
                ])
        }
        if !requested.isEmpty && requested != String(current.resourceVersion) {
            throw StatusError.conflict(ctx.type, name)
        }
        guard requested.isEmpty else { return try await write(ctx, current: current) { _ in new } }
        // An unconditional update (no resourceVersion) is retried on the latest object, as
        // kube-apiserver's GuaranteedUpdate does, re-running admission each time.
        var latest = current
        for _ in 0..<Self.maxConflictRetries {
            do {
                return try await write(ctx, current: latest, retryable: true) { _ in new }
            } catch is RetryableConflict {
                try Task.checkCancellation()
                guard let next = store.get(ctx.key, namespace: ctx.namespace, name: name) else {
                    throw StatusError.notFound(ctx.type, name)
                }
                latest = next
            }
        }
        throw StatusError.conflict(ctx.type, name)
    }

    /// kube-apiserver's GuaranteedUpdate retries a racing write until it commits (bounded only by the
    /// request timeout); the emulator bounds it generously so a bug cannot spin forever.
    static let maxConflictRetries = 1_000

    func patch(_ ctx: WriteContext) async throws -> APIResponse {
        let name = ctx.target.name ?? ""
        let contentType = ctx.request.contentType
        let patch = try decodeBody(ctx.request)
        if contentType == "application/strategic-merge-patch+json" && ctx.type.isCustom {
            throw StatusError.unsupportedMediaType(
                "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"
            )
        }
        if contentType == "application/apply-patch+yaml", ctx.request.parameter("fieldManager") == nil {
            throw StatusError.badRequest("PATCH requests of type application/apply-patch+yaml require fieldManager")
        }
        // Server-side apply creates what does not exist yet.
        if store.get(ctx.key, namespace: ctx.namespace, name: name) == nil {
            guard contentType == "application/apply-patch+yaml" else { throw StatusError.notFound(ctx.type, name) }
            var createCtx = ctx
            createCtx.request.body = JSONWire.encode(patch)
            createCtx.request.headers["content-type"] = "application/json"
            return try await create(createCtx)
        }
        // As kube-apiserver does, a patch that races another write is re-applied to the latest object
        // and re-admitted, until it commits.
        for _ in 0..<Self.maxConflictRetries {
            try Task.checkCancellation()
            guard let current = store.get(ctx.key, namespace: ctx.namespace, name: name) else {
                throw StatusError.notFound(ctx.type, name)
            }
            do {
                return try await write(ctx, current: current) { old in
                    let patched = try Adapters.applyPatch(
                        contentType: contentType, patch: patch, to: old, type: ctx.type)
                    if let requested = patched[path: ["metadata", "resourceVersion"]]?.stringValue,
                        !requested.isEmpty, requested != String(current.resourceVersion)
                    {
                        throw StatusError.conflict(ctx.type, name)
                    }
                    return patched
                }
            } catch is RetryableConflict {
                continue
            }
        }
        throw StatusError.conflict(ctx.type, name)
    }

    /// Marker: the object changed between read and commit; a patch or an unconditional update
    /// retries, an update with a resourceVersion answers 409.
    struct RetryableConflict: Error {}

    /// The shared update path: compute the new object from the current one, admit it, commit it with
    /// a resourceVersion check. A no-op returns the current object without a write.
    func write(
        _ ctx: WriteContext, current: ObjectStore.Stored, retryable: Bool = false,
        change: (JSONValue) throws -> JSONValue
    ) async throws -> APIResponse {
        let name = ctx.target.name ?? ""
        let old = view(current.object, as: ctx.type)
        var updated = try ObjectLifecycle.prepareUpdate(old: old, new: try change(old), ctx)
        if ObjectLifecycle.isNoOp(old: old, new: updated) { return .json(old) }
        updated[path: ["metadata", "managedFields"]] = ObjectLifecycle.managedFields(
            ctx, operation: ctx.request.contentType == "application/apply-patch+yaml" ? "Apply" : "Update",
            existing: old[path: ["metadata", "managedFields"]])
        let warnings: [String]
        (updated, warnings) = try await admit(ctx, operation: "UPDATE", object: updated, old: old)
        if ctx.isDryRun { return .json(updated, warnings: warnings) }
        // An object being deleted disappears when its last finalizer goes.
        let finished =
            updated[path: ["metadata", "deletionTimestamp"]] != nil
            && (updated[path: ["metadata", "finalizers"]]?.arrayValue ?? []).isEmpty
        do {
            let stored = try persist(
                ctx.type, namespace: ctx.namespace, name: name, expected: current.resourceVersion,
                object: finished ? nil : updated)
            if finished { await collectGarbage(deletedOwner: stored) }
            return .json(view(finished ? updated : stored, as: ctx.type), warnings: warnings)
        } catch is ObjectStore.CommitConflict {
            if retryable || ctx.request.method == "PATCH" { throw RetryableConflict() }
            throw StatusError.conflict(ctx.type, name)
        }
    }

    func delete(_ ctx: WriteContext) async throws -> APIResponse {
        let name = ctx.target.name ?? ""
        let options =
            ctx.request.body.isEmpty ? JSONValue.object([:]) : (try? JSONWire.decode(ctx.request.body)) ?? .object([:])
        guard let current = store.get(ctx.key, namespace: ctx.namespace, name: name) else {
            throw StatusError.notFound(ctx.type, name)
        }
        let object = view(current.object, as: ctx.type)
        if let uid = options[path: ["preconditions", "uid"]]?.stringValue,
            uid != object[path: ["metadata", "uid"]]?.stringValue
        {
            throw StatusError.conflict(
                ctx.type, name,
                "Precondition failed: UID in precondition: \(uid), UID in object meta: \(object[path: ["metadata", "uid"]]?.stringValue ?? "")"
            )
        }
        if let rv = options[path: ["preconditions", "resourceVersion"]]?.stringValue,
            rv != String(current.resourceVersion)
        {
            throw StatusError.conflict(
                ctx.type, name,
                "Precondition failed: ResourceVersion in precondition: \(rv), ResourceVersion in object meta: \(current.resourceVersion)"
            )
        }
        if ctx.type.kind == "Namespace" && ctx.type.group.isEmpty {
            return try await deleteNamespace(ctx, current: current)
        }
        let policy =
            options["propagationPolicy"]?.stringValue ?? ctx.request.parameter("propagationPolicy") ?? "Background"
        var finalizers = (object[path: ["metadata", "finalizers"]]?.arrayValue ?? []).compactMap(\.stringValue)
        if policy == "Foreground" && !finalizers.contains("foregroundDeletion") {
            finalizers.append("foregroundDeletion")
        }
        if policy == "Orphan" && !finalizers.contains("orphan") { finalizers.append("orphan") }
        _ = try await admit(ctx, operation: "DELETE", object: object, old: object)
        if ctx.isDryRun { return .json(Self.deleteSuccess(ctx.type, object)) }
        if !finalizers.isEmpty {
            guard object[path: ["metadata", "deletionTimestamp"]] == nil else { return .json(object) }
            var marked = object
            marked[path: ["metadata", "deletionTimestamp"]] = .string(KubeTime(ctx.now).description)
            marked[path: ["metadata", "deletionGracePeriodSeconds"]] = 0
            marked[path: ["metadata", "finalizers"]] = .array(finalizers.map(JSONValue.string))
            if ctx.type.tracksGeneration {
                marked[path: ["metadata", "generation"]] = .int(
                    (object[path: ["metadata", "generation"]]?.intValue ?? 1) + 1)
            }
            do {
                let stored = try persist(
                    ctx.type, namespace: ctx.namespace, name: name, expected: current.resourceVersion, object: marked)
                Task { await self.runPropagationFinalizers(type: ctx.type, object: stored) }
                return .json(view(stored, as: ctx.type))
            } catch is ObjectStore.CommitConflict {
                throw StatusError.conflict(ctx.type, name)
            }
        }
        do {
            let stored = try persist(
                ctx.type, namespace: ctx.namespace, name: name, expected: current.resourceVersion, object: nil)
            Task { await self.collectGarbage(deletedOwner: stored) }
            return .json(Self.deleteSuccess(ctx.type, object))
        } catch is ObjectStore.CommitConflict {
            throw StatusError.conflict(ctx.type, name)
        }
    }

    /// DELETE on a collection: deletes every object the selectors match, one by one, and answers with
    /// a list of what it deleted (as kube-apiserver's registry does), in the resource's list kind.
    func deleteCollection(_ ctx: WriteContext) async throws -> APIResponse {
        let matches = try selector(ctx.request, type: ctx.type)
        let items = store.list(ctx.key, namespace: ctx.namespace).items.filter(matches)
        var deleted: [JSONValue] = []
        for (index, item) in items.enumerated() {
            // kube-apiserver streams each deletion to watchers while the collection is still being
            // deleted; giving the watch pumps a turn every few objects does the same here.
            if index > 0, index.isMultiple(of: 25) { await Task.yield() }
            var itemCtx = ctx
            itemCtx.target.name = item[path: ["metadata", "name"]]?.stringValue
            itemCtx.target.namespace = item[path: ["metadata", "namespace"]]?.stringValue ?? ""
            if (try? await delete(itemCtx)) != nil { deleted.append(view(item, as: ctx.type)) }
        }
        return .json([
            "kind": .string(ctx.type.listKind), "apiVersion": .string(ctx.type.apiVersion),
            "metadata": ["resourceVersion": .string(String(store.resourceVersion))], "items": .array(deleted),
        ])
    }

    static func deleteSuccess(_ type: ResourceType, _ object: JSONValue) -> JSONValue {
        [
            "kind": "Status", "apiVersion": "v1", "metadata": .object([:]), "status": "Success",
            "details": [
                "name": object[path: ["metadata", "name"]] ?? "", "group": .string(type.group),
                "kind": .string(type.plural), "uid": object[path: ["metadata", "uid"]] ?? "",
            ],
        ]
    }

    /// Commits one object and applies what follows from it: RBAC cache invalidation, CRD
    /// (un)registration. Every write of the server goes through here.
    @discardableResult
    func persist(
        _ type: ResourceType, namespace: String, name: String, expected: Int64?, object: JSONValue?
    ) throws -> JSONValue {
        let key = BuiltinResources.storageKey(for: type)
        // Objects are stored in their storage shape: events.k8s.io Events as core/v1 Events.
        let storageForm = type.group == "events.k8s.io" ? object.map(EventViews.toCoreV1) : object
        let stored = try store.commit(key, namespace: namespace, name: name, expected: expected, object: storageForm)
        invalidateRBAC(after: key, namespace: namespace)
        if type.group == "apiextensions.k8s.io" && type.plural == "customresourcedefinitions" {
            crdChanged(stored, deleted: object == nil)
        }
        return stored
    }
}
