import APIServerEmulator
import DrawbridgeAPI
import Foundation

/// Drives an in-process `APIServer` as one user, the way kubectl would over HTTP.
struct EmulatorClient {
    let server: APIServer
    var token: String

    static let suffix = "test"

    /// A fresh server with the demo users (tokens `<user>-test`).
    static func makeServer(clock: @escaping @Sendable () -> Date = { Date() }, historyLimit: Int = 20_000) -> APIServer
    {
        APIServer(options: .init(authenticator: .demo(tokenSuffix: suffix), clock: clock, historyLimit: historyLimit))
    }

    init(_ server: APIServer, as user: String = "admin") {
        self.server = server
        self.token = "\(user)-\(Self.suffix)"
    }

    func request(
        _ method: String, _ target: String, body: JSONValue? = nil, contentType: String = "application/json",
        headers: [String: String] = [:]
    ) async -> APIResponse {
        var allHeaders = headers
        allHeaders["authorization"] = "Bearer \(token)"
        allHeaders["content-type"] = contentType
        let bytes = body.map(JSONWire.encode) ?? []
        return await server.handle(APIRequest(method: method, target: target, headers: allHeaders, body: bytes))
    }

    /// Status code and decoded JSON body.
    func call(
        _ method: String, _ target: String, body: JSONValue? = nil, contentType: String = "application/json",
        headers: [String: String] = [:]
    ) async throws -> (Int, JSONValue) {
        let response = await request(method, target, body: body, contentType: contentType, headers: headers)
        let bytes = response.bodyBytes
        return (response.status, bytes.isEmpty ? .null : try JSONWire.decode(bytes))
    }

    static func configMap(_ name: String, namespace: String = "default", data: [String: String] = ["k": "v"])
        -> JSONValue
    {
        [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "data": .object(data.mapValues(JSONValue.string)),
        ]
    }
}

extension JSONValue {
    /// `metadata.resourceVersion`.
    var rv: String { self[path: ["metadata", "resourceVersion"]]?.stringValue ?? "" }
}
