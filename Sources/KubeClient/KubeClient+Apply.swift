import DrawbridgeAPI
import Foundation

extension KubeClient {
    /// Creates or replaces an arbitrary object given as JSON (a manifest document), finding its
    /// resource through discovery as `kubectl apply` does. Returns the object the server stored.
    @discardableResult
    public func createOrReplace(_ object: JSONValue) async throws -> JSONValue {
        let apiVersion = object["apiVersion"]?.stringValue ?? ""
        let kind = object["kind"]?.stringValue ?? ""
        guard let name = object["metadata"]?["name"]?.stringValue else {
            throw DecodingFailure(operation: "applying \(kind)", detail: "metadata.name is missing")
        }
        let resource = try await discover(apiVersion: apiVersion, kind: kind)
        let base = apiVersion.contains("/") ? "/apis/\(apiVersion)" : "/api/\(apiVersion)"
        var collection = "\(base)/\(resource.plural)"
        if resource.namespaced {
            let namespace = object["metadata"]?["namespace"]?.stringValue ?? "default"
            collection = "\(base)/namespaces/\(namespace)/\(resource.plural)"
        }
        let body = Array(try JSONCoding.encoder.encode(object))
        do {
            let created = try await send(
                KubeRequest(method: "POST", path: collection, headers: ["Content-Type": "application/json"], body: body)
            )
            return try JSONValue.parse(created.body)
        } catch let error as APIError where error.isAlreadyExists {
            let current = try JSONValue.parse(
                try await send(KubeRequest(method: "GET", path: "\(collection)/\(name)")).body)
            var replacement = object
            if case .object(var fields) = replacement, case .object(var metadata) = fields["metadata"] ?? .object([:]) {
                metadata["resourceVersion"] = current["metadata"]?["resourceVersion"]
                fields["metadata"] = .object(metadata)
                replacement = .object(fields)
            }
            let replaced = try await send(
                KubeRequest(
                    method: "PUT", path: "\(collection)/\(name)", headers: ["Content-Type": "application/json"],
                    body: Array(try JSONCoding.encoder.encode(replacement))))
            return try JSONValue.parse(replaced.body)
        }
    }

    /// The plural and scope of `kind` in `apiVersion`, from the server's discovery document.
    public func discover(apiVersion: String, kind: String) async throws -> (plural: String, namespaced: Bool) {
        let path = apiVersion.contains("/") ? "/apis/\(apiVersion)" : "/api/\(apiVersion)"
        let document = try JSONValue.parse(try await send(KubeRequest(method: "GET", path: path)).body)
        for resource in document["resources"]?.arrayValue ?? [] {
            guard resource["kind"]?.stringValue == kind, let name = resource["name"]?.stringValue, !name.contains("/")
            else { continue }
            return (name, resource["namespaced"] == .bool(true))
        }
        throw APIError(
            code: 404,
            status: APIStatus(code: 404, reason: "NotFound", message: "no resource of kind \(kind) in \(apiVersion)"),
            operation: "GET \(path)")
    }
}
