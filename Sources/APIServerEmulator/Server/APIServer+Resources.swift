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
        let (all, listRV) = store.list(BuiltinResources.storageKey(for: type), namespace: target.namespace)
        var items = all.map { view($0, as: type) }.filter(matches)
        var continueToken: String?
        var remaining: Int?
        if let start = try ListContinuation.decode(request.parameter("continue")) {
            items = items.filter { ListContinuation.key(of: $0) > start }
        }
        if let limitText = request.parameter("limit"), let limit = Int(limitText), limit > 0, items.count > limit {
            remaining = items.count - limit
            items = Array(items.prefix(limit))
            continueToken = items.last.map { ListContinuation.encode(after: ListContinuation.key(of: $0), resourceVersion: listRV) }
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

    /// ListOptions validation as kube-apiserver applies it.
    func validateListOptions(_ request: APIRequest) throws {
        if request.parameter("resourceVersionMatch") != nil, request.parameter("resourceVersion") == nil {
            throw StatusError(
                code: 422, reason: "Invalid",
                message: "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided")
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
