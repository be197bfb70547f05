import DrawbridgeAPI
import Foundation

/// Typed access to the Kubernetes API: get, list, create, update, patch, delete, the status
/// subresource and watches, for any `KubeResource`. Errors are `APIError`s carrying the server's
/// Status. Every call passes the client-side rate limiter first.
public final class KubeClient: Sendable {
    public let transport: any KubeTransport
    let rateLimiter: RateLimiter?
    /// Observes every finished call (verb, resource, HTTP code; 0 when no answer), for metrics.
    let observer: (@Sendable (_ verb: String, _ path: String, _ code: Int) -> Void)?

    public init(
        transport: any KubeTransport, rateLimiter: RateLimiter? = nil,
        observer: (@Sendable (_ verb: String, _ path: String, _ code: Int) -> Void)? = nil
    ) {
        self.transport = transport
        self.rateLimiter = rateLimiter
        self.observer = observer
    }

    /// How a PATCH body is to be read.
    public enum PatchType: String, Sendable {
        case merge = "application/merge-patch+json"
        case json = "application/json-patch+json"
        case strategic = "application/strategic-merge-patch+json"
    }

    // MARK: Reads

    /// Reads one object; 404 throws.
    public func get<R: KubeResource>(_ type: R.Type, name: String, namespace: String? = nil) async throws -> R {
        let request = KubeRequest(method: "GET", path: ResourcePath.object(type, name: name, namespace: namespace))
        return try await decode(R.self, from: send(request), request)
    }

    /// Reads one object; nil when it does not exist.
    public func getIfPresent<R: KubeResource>(_ type: R.Type, name: String, namespace: String? = nil) async throws -> R?
    {
        do {
            return try await get(type, name: name, namespace: namespace)
        } catch let error as APIError where error.isNotFound {
            return nil
        }
    }

    /// Opens a watch from `resourceVersion` (bookmarks requested). The stream ends when the server
    /// closes it; it throws when the connection breaks or a line is not JSON. `forCache` decodes the
    /// objects as informer caches keep them (`CacheDecoding`: no `managedFields`).
    public func watch<R: KubeResource>(
        _ type: R.Type, namespace: String? = nil, resourceVersion: String, labelSelector: String? = nil,
        timeoutSeconds: Int? = nil, forCache: Bool = false
    ) async throws -> AsyncThrowingStream<WatchEvent<R>, any Error> {
        var query: [KubeRequest.QueryItem] = [
            .init("watch", "true"), .init("allowWatchBookmarks", "true"), .init("resourceVersion", resourceVersion),
        ]
        if let labelSelector { query.append(.init("labelSelector", labelSelector)) }
        if let timeoutSeconds { query.append(.init("timeoutSeconds", String(timeoutSeconds))) }
        let request = KubeRequest(
            method: "GET", path: ResourcePath.collection(type, namespace: namespace), query: query)
        try await rateLimiter?.acquire()
        let response: KubeStreamResponse
        do {
            response = try await transport.stream(request)
        } catch {
            observer?(request.verb, request.path, 0)
            throw error
        }
        observer?(request.verb, request.path, response.status)
        guard (200..<300).contains(response.status) else {
            var body: [UInt8] = []
            for try await chunk in response.chunks { body += chunk }
            throw APIError(
                response: KubeResponse(status: response.status, headers: response.headers, body: body),
                operation: operation(request))
        }
        let chunks = response.chunks
        return AsyncThrowingStream { continuation in
            let task = Task {
                var decoder = WatchStreamDecoder<R>(forCache: forCache)
                do {
                    for try await chunk in chunks {
                        for event in try decoder.feed(chunk) { continuation.yield(event) }
                    }
                    for event in try decoder.finish() { continuation.yield(event) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    // MARK: Writes

    /// Creates `object` in its namespace.
    public func create<R: KubeResource>(_ object: R) async throws -> R {
        let request = KubeRequest(
            method: "POST", path: ResourcePath.collection(R.self, namespace: object.metadata.namespace),
            headers: ["Content-Type": "application/json"], body: try encode(object))
        return try await decode(R.self, from: send(request), request)
    }

    /// Replaces `object` (optimistic concurrency through its `resourceVersion`: a stale one is a 409).
    public func update<R: KubeResource>(_ object: R) async throws -> R {
        try await put(object, subresource: nil)
    }

    /// Replaces the status subresource of `object` (409 on a stale `resourceVersion`).
    public func updateStatus<R: KubeResource>(_ object: R) async throws -> R {
        try await put(object, subresource: "status")
    }

    /// Patches an object or its subresource.
    public func patch<R: KubeResource>(
        _ type: R.Type, name: String, namespace: String? = nil, type patchType: PatchType = .merge, body: JSONValue,
        subresource: String? = nil
    ) async throws -> R {
        let request = KubeRequest(
            method: "PATCH",
            path: ResourcePath.object(type, name: name, namespace: namespace, subresource: subresource),
            headers: ["Content-Type": patchType.rawValue], body: Array(try JSONCoding.encoder.encode(body)))
        return try await decode(R.self, from: send(request), request)
    }

    /// Deletes an object; with `uid`, only if it is still that object (a precondition, 409 otherwise).
    /// Returns false when it was already gone.
    @discardableResult
    public func delete<R: KubeResource>(
        _ type: R.Type, name: String, namespace: String? = nil, uid: String? = nil, propagation: String? = "Background"
    ) async throws -> Bool {
        var options: [String: JSONValue] = ["kind": "DeleteOptions", "apiVersion": "v1"]
        if let uid { options["preconditions"] = .object(["uid": .string(uid)]) }
        if let propagation { options["propagationPolicy"] = .string(propagation) }
        let request = KubeRequest(
            method: "DELETE", path: ResourcePath.object(type, name: name, namespace: namespace),
            headers: ["Content-Type": "application/json"],
            body: Array(try JSONCoding.encoder.encode(JSONValue.object(options))))
        do {
            _ = try await send(request)
            return true
        } catch let error as APIError where error.isNotFound {
            return false
        }
    }

    /// Deletes every object of `R` in `namespace` that `labelSelector` matches, in one call (the
    /// `deletecollection` verb), and returns the objects the server says it deleted.
    @discardableResult
    public func deleteCollection<R: KubeResource>(
        _ type: R.Type, namespace: String?, labelSelector: String, propagation: String? = "Background"
    ) async throws -> [R] {
        var options: [String: JSONValue] = ["kind": "DeleteOptions", "apiVersion": "v1"]
        if let propagation { options["propagationPolicy"] = .string(propagation) }
        let request = KubeRequest(
            method: "DELETE", path: ResourcePath.collection(type, namespace: namespace),
            query: [.init("labelSelector", labelSelector)], headers: ["Content-Type": "application/json"],
            body: Array(try JSONCoding.encoder.encode(JSONValue.object(options))))
        let response = try await send(request)
        // A list of what went; an older server may answer with a bare Status instead.
        return try decode(DeletedItems<R>.self, from: response, request).items ?? []
    }

    // MARK: Plumbing

    /// Sends any request; non-2xx answers throw `APIError`.
    public func send(_ request: KubeRequest) async throws -> KubeResponse {
        try await rateLimiter?.acquire()
        let response: KubeResponse
        do {
            response = try await transport.send(request)
        } catch {
            observer?(request.verb, request.path, 0)
            throw error
        }
        observer?(request.verb, request.path, response.status)
        guard (200..<300).contains(response.status) else {
            throw APIError(response: response, operation: operation(request))
        }
        return response
    }

    func put<R: KubeResource>(_ object: R, subresource: String?) async throws -> R {
        let request = KubeRequest(
            method: "PUT",
            path: ResourcePath.object(
                R.self, name: object.metadata.name ?? "", namespace: object.metadata.namespace, subresource: subresource
            ),
            headers: ["Content-Type": "application/json"], body: try encode(object))
        return try await decode(R.self, from: send(request), request)
    }

    func encode<R: KubeResource>(_ object: R) throws -> [UInt8] {
        Array(try JSONCoding.encoder.encode(object))
    }

    func decode<R: Decodable>(_ type: R.Type, from response: KubeResponse, _ request: KubeRequest) throws -> R {
        do {
            return try JSONCoding.decoder.decode(type, from: Data(response.body))
        } catch {
            throw DecodingFailure(operation: operation(request), detail: "\(error)")
        }
    }

    func operation(_ request: KubeRequest) -> String { "\(request.method) \(request.path)" }
}

/// The answer to a `deletecollection`: the deleted objects, when the server lists them.
struct DeletedItems<R: KubeResource>: Decodable {
    var items: [R]?
}
