import DrawbridgeAPI
import Foundation
import Synchronization

extension APIServer {
    func namespaceState(_ name: String) -> NamespaceState {
        guard let namespace = store.get(StorageKey(group: "", plural: "namespaces"), namespace: "", name: name) else {
            return .missing
        }
        return namespace.object[path: ["metadata", "deletionTimestamp"]] == nil ? .active : .terminating
    }

    /// Namespace deletion as the namespace controller does it: mark Terminating, delete everything in
    /// it, then drop the `kubernetes` finalizer so the namespace disappears.
    func deleteNamespace(_ ctx: WriteContext, current: ObjectStore.Stored) async throws -> APIResponse {
        let name = ctx.target.name ?? ""
        if ["default", "kube-system", "kube-public"].contains(name) {
            throw StatusError.forbidden(
                "namespaces \"\(name)\" is forbidden: this namespace may not be deleted", ctx.type, name: name)
        }
        var object = current.object
        if object[path: ["metadata", "deletionTimestamp"]] != nil { return .json(object) }
        if ctx.isDryRun { return .json(object) }
        object[path: ["metadata", "deletionTimestamp"]] = .string(KubeTime(ctx.now).description)
        object[path: ["metadata", "deletionGracePeriodSeconds"]] = 0
        object[path: ["status", "phase"]] = "Terminating"
        let stored: JSONValue
        do {
            stored = try persist(ctx.type, namespace: "", name: name, expected: current.resourceVersion, object: object)
        } catch {
            throw StatusError.conflict(ctx.type, name)
        }
        Task { await self.finalizeNamespace(name) }
        return .json(stored)
    }

    /// Empties a terminating namespace and removes it. Objects with finalizers are marked for deletion
    /// and the namespace waits (polling) until their owners' controllers let them go.
    func finalizeNamespace(_ name: String) async {
        let namespaced = registry.types.filter { $0.namespaced && !$0.isCreateOnly }
        var keys = Set<StorageKey>()
        for type in namespaced { keys.insert(BuiltinResources.storageKey(for: type)) }
        for _ in 0..<600 {
            var remaining = 0
            for key in keys {
                guard let type = registry.types(storedAt: key).first else { continue }
                for item in store.list(key, namespace: name).items {
                    remaining += 1
                    let itemName = item[path: ["metadata", "name"]]?.stringValue ?? ""
                    await deleteInternally(type: type, namespace: name, name: itemName)
                }
            }
            if remaining == 0 { break }
            try? await Task.sleep(for: .milliseconds(100))
        }
        let key = StorageKey(group: "", plural: "namespaces")
        guard let namespace = store.get(key, namespace: "", name: name), let type = registry.types(storedAt: key).first
        else { return }
        _ = try? persist(type, namespace: "", name: name, expected: namespace.resourceVersion, object: nil)
    }

    /// Deletes one object as the system (no authorization, no admission): finalizers are honoured.
    func deleteInternally(type: ResourceType, namespace: String, name: String) async {
        let key = BuiltinResources.storageKey(for: type)
        guard let current = store.get(key, namespace: namespace, name: name) else { return }
        let finalizers = current.object[path: ["metadata", "finalizers"]]?.arrayValue ?? []
        if finalizers.isEmpty {
            if let stored = try? persist(
                type, namespace: namespace, name: name, expected: current.resourceVersion, object: nil)
            {
                await collectGarbage(deletedOwner: stored)
            }
        } else if current.object[path: ["metadata", "deletionTimestamp"]] == nil {
            var marked = current.object
            marked[path: ["metadata", "deletionTimestamp"]] = .string(KubeTime(options.clock()).description)
            marked[path: ["metadata", "deletionGracePeriodSeconds"]] = 0
            _ = try? persist(type, namespace: namespace, name: name, expected: current.resourceVersion, object: marked)
        }
    }

    /// Background garbage collection: deletes every object whose ownerReferences all point at owners
    /// that no longer exist (by uid), starting from the owner just deleted, recursively.
    func collectGarbage(deletedOwner owner: JSONValue) async {
        guard let uid = owner[path: ["metadata", "uid"]]?.stringValue else { return }
        for location in store.dependents(ofOwner: uid) {
            guard let dependent = store.get(location.key, namespace: location.namespace, name: location.name)?.object,
                let type = registry.types(storedAt: location.key).first
            else { continue }
            let references = dependent[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []
            let remainingOwners = references.filter { reference in
                reference["uid"]?.stringValue != uid && ownerExists(reference, namespace: location.namespace)
            }
            guard remainingOwners.isEmpty else { continue }
            await deleteInternally(type: type, namespace: location.namespace, name: location.name)
        }
    }

    func ownerExists(_ reference: JSONValue, namespace: String) -> Bool {
        guard let apiVersion = reference["apiVersion"]?.stringValue, let kind = reference["kind"]?.stringValue,
            let name = reference["name"]?.stringValue, let type = registry.lookup(apiVersion: apiVersion, kind: kind),
            let owner = store.get(
                BuiltinResources.storageKey(for: type), namespace: type.namespaced ? namespace : "", name: name)
        else { return false }
        return owner.object[path: ["metadata", "uid"]] == reference["uid"]
    }

    /// Foreground and orphan deletion: delete (or release) dependents, then drop the finalizer.
    func runPropagationFinalizers(type: ResourceType, object: JSONValue) async {
        let finalizers = (object[path: ["metadata", "finalizers"]]?.arrayValue ?? []).compactMap(\.stringValue)
        guard finalizers.contains("foregroundDeletion") || finalizers.contains("orphan") else { return }
        let namespace = object[path: ["metadata", "namespace"]]?.stringValue ?? ""
        let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        if finalizers.contains("foregroundDeletion") { await collectGarbage(deletedOwner: object) }
        let key = BuiltinResources.storageKey(for: type)
        guard let current = store.get(key, namespace: namespace, name: name) else { return }
        var updated = current.object
        let left = finalizers.filter { $0 != "foregroundDeletion" && $0 != "orphan" }
        updated[path: ["metadata", "finalizers"]] = .array(left.map(JSONValue.string))
        _ = try? persist(
            type, namespace: namespace, name: name, expected: current.resourceVersion,
            object: left.isEmpty ? nil : updated)
    }

    /// Keeps the registry in step with CRDs; a deleted CRD takes its custom resources with it.
    func crdChanged(_ object: JSONValue, deleted: Bool) {
        let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        if deleted {
            let types = registry.types.filter { $0.isCustom && "\($0.plural).\($0.group)" == name }
            registryState.withLock { $0 = $0.removing(crdNamed: name) }
            if let type = types.first {
                let key = BuiltinResources.storageKey(for: type)
                for item in store.list(key, namespace: nil).items {
                    let itemNamespace = item[path: ["metadata", "namespace"]]?.stringValue ?? ""
                    let itemName = item[path: ["metadata", "name"]]?.stringValue ?? ""
                    if let current = store.get(key, namespace: itemNamespace, name: itemName) {
                        _ = try? store.commit(
                            key, namespace: itemNamespace, name: itemName, expected: current.resourceVersion,
                            object: nil)
                    }
                }
            }
        } else if let crd = try? object.decode(as: CustomResourceDefinition.self) {
            registryState.withLock { $0 = $0.installing(crd) }
        }
    }
}
