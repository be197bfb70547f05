import DrawbridgeAPI
import Foundation

extension APIServer {
    /// Routes a resource request after authentication: resolve the type, authorize, dispatch by verb.
    func handleResource(_ request: APIRequest, user: UserInfo, target: RequestTarget) async throws -> APIResponse {
        let registry = self.registry
        guard let type = registry.lookup(group: target.group, version: target.version, plural: target.plural),
            type.namespaced || target.namespace.isEmpty
        else { throw StatusError.pathNotFound() }
        if let subresource = target.subresource, !type.subresources.contains(subresource) {
            throw StatusError.pathNotFound()
        }
        let verb = Self.verb(for: request, target: target)
        try authorize(user, verb: verb, type: type, target: target)
        if type.isCreateOnly {
            guard request.method == "POST", target.name == nil else { throw StatusError.methodNotAllowed() }
            return try review(request, user: user, type: type, target: target)
        }
        let context = WriteContext(request: request, user: user, type: type, target: target, now: options.clock())
        switch (request.method, target.name) {
        case ("GET", nil) where request.isWatch: return try watch(request, type: type, target: target)
        case ("GET", nil): return try list(request, type: type, target: target)
        case ("GET", .some(let name)): return try get(request, type: type, target: target, name: name)
        case ("POST", nil): return try await create(context)
        case ("PUT", .some): return try await update(context)
        case ("PATCH", .some): return try await patch(context)
        case ("DELETE", .some): return try await delete(context)
        case ("DELETE", nil): return try await deleteCollection(context)
        default: throw StatusError.methodNotAllowed()
        }
    }

    func get(_ request: APIRequest, type: ResourceType, target: RequestTarget, name: String) throws -> APIResponse {
        guard let stored = store.get(BuiltinResources.storageKey(for: type), namespace: target.namespace, name: name)
        else { throw StatusError.notFound(type, name) }
        let object = view(stored.object, as: type)
        if wantsTable(request) {
            return .json(
                Adapters.table(
                    type: type, objects: [object], listResourceVersion: String(stored.resourceVersion),
                    continueToken: nil, includeObject: request.parameter("includeObject"), now: options.clock()))
        }
        return .json(object)
    }

    func list(_ request: APIRequest, type: ResourceType, target: RequestTarget) throws -> APIResponse {
        try validateListOptions(request)
        let matches = try selector(request, type: type)
        let key = BuiltinResources.storageKey(for: type)
        let all: [JSONValue]
        let listRV: Int64
        if let name = Self.singleName(request), type.namespaced == !target.namespace.isEmpty {
            // `metadata.name=x` (kubectl wait, delete): one lookup instead of a scan.
            all = store.get(key, namespace: target.namespace, name: name).map { [$0.object] } ?? []
            listRV = store.resourceVersion
        } else {
            (all, listRV) = store.list(key, namespace: target.namespace)
        }
        let start = try ListContinuation.decode(request.parameter("continue"))
        let limit = request.parameter("limit").flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
        let hasSelectors =
            !(request.parameter("labelSelector") ?? "").isEmpty || !(request.parameter("fieldSelector") ?? "").isEmpty
        // Built lazily so a page of 500 out of 10,000 objects only converts what it returns.
        var items: [JSONValue] = []
        var continueToken: String?
        var remaining: Int?
        var index = all.startIndex
        if let start {
            index = all.firstIndex { ListContinuation.key(of: $0) > start } ?? all.endIndex
        }
        while index < all.endIndex {
            let object = view(all[index], as: type)
            index += 1
            guard matches(object) else { continue }
            items.append(object)
            if let limit, items.count == limit {
                let more =
                    hasSelectors
                    ? all[index...].contains { matches(view($0, as: type)) }
                    : index < all.endIndex
                if more {
                    continueToken = ListContinuation.encode(
                        after: ListContinuation.key(of: object), resourceVersion: listRV)
                    // As kube-apiserver, the count is only given when no selector filters the list.
                    if !hasSelectors { remaining = all.endIndex - index }
                }
                break
            }
        }
        if wantsTable(request) {
            return .json(
                Adapters.table(
                    type: type, objects: items, listResourceVersion: String(listRV), continueToken: continueToken,
                    includeObject: request.parameter("includeObject"), now: options.clock()))
        }
        var metadata: [String: JSONValue] = ["resourceVersion": .string(String(listRV))]
        if let continueToken { metadata["continue"] = .string(continueToken) }
        if let remaining { metadata["remainingItemCount"] = .int(Int64(remaining)) }
        return .json([
            "kind": .string(type.listKind), "apiVersion": .string(type.apiVersion), "metadata": .object(metadata),
            "items": .array(items),
        ])
    }

    /// The name a field selector pins down with `metadata.name=x`, if it does.
    static func singleName(_ request: APIRequest) -> String? {
        guard let text = request.parameter("fieldSelector"), !text.isEmpty,
            let query = try? FieldSelectorQuery(parsing: text)
        else { return nil }
        return query.requiredValue(of: "metadata.name")
    }

    /// ListOptions validation as kube-apiserver applies it.
    func validateListOptions(_ request: APIRequest) throws {
        if request.parameter("resourceVersionMatch") != nil, request.parameter("resourceVersion") == nil {
            throw StatusError(
                code: 422, reason: "Invalid",
                message:
                    "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided"
            )
        }
        if request.parameter("continue") != nil, let rv = request.parameter("resourceVersion"), !rv.isEmpty, rv != "0" {
            throw StatusError.badRequest("specifying resource version is not allowed when using continue")
        }
    }

    /// The label and field selector of a list or watch, as one predicate; 400 on a bad selector.
    func selector(_ request: APIRequest, type: ResourceType) throws -> @Sendable (JSONValue) -> Bool {
        let labels = try Adapters.labelSelector(request.parameter("labelSelector") ?? "")
        let fields = try Adapters.fieldSelector(request.parameter("fieldSelector") ?? "", type: type)
        return { object in
            labels((object[path: ["metadata", "labels"]] ?? .null).stringMap) && fields(object)
        }
    }

    func wantsTable(_ request: APIRequest) -> Bool {
        (request.headers["accept"] ?? "").contains("as=Table")
    }

    /// Rewrites an object stored under one version or API view into `type`'s shape.
    func view(_ object: JSONValue, as type: ResourceType) -> JSONValue {
        var object = object
        if type.group == "events.k8s.io" { return EventViews.toEventsV1(object) }
        if type.group.isEmpty && type.plural == "events", object["apiVersion"]?.stringValue == "events.k8s.io/v1" {
            object = EventViews.toCoreV1(object)
        }
        object["apiVersion"] = .string(type.apiVersion)
        object["kind"] = .string(type.kind)
        return object
    }
}

/// Opaque `continue` tokens: the key of the last item returned and the list's resourceVersion.
enum ListContinuation {
    static func key(of object: JSONValue) -> String {
        let namespace = object[path: ["metadata", "namespace"]]?.stringValue ?? ""
        let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        return ObjectStore.objectKey(namespace: namespace, name: name)
    }

    static func encode(after key: String, resourceVersion: Int64) -> String {
        let json = JSONWire.encode(["start": .string(key), "rv": .int(resourceVersion)])
        return Data(json).base64EncodedString()
    }

    /// The key to continue after; 400 for a token this server did not issue.
    static func decode(_ token: String?) throws -> String? {
        guard let token, !token.isEmpty else { return nil }
        guard let data = Data(base64Encoded: token), let value = try? JSONWire.decode(Array(data)),
            let start = value["start"]?.stringValue
        else { throw StatusError.badRequest("continue key is not valid: illegal base64 data") }
        return start
    }
}
