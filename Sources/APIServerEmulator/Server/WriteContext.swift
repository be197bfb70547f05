import DrawbridgeAPI
import Foundation

/// Everything a write handler needs about the request it serves.
struct WriteContext: Sendable {
    var request: APIRequest
    var user: UserInfo
    var type: ResourceType
    var target: RequestTarget
    var now: Date

    var key: StorageKey { BuiltinResources.storageKey(for: type) }
    var namespace: String { target.namespace }
    var isDryRun: Bool { request.query["dryRun"]?.contains("All") == true }
    /// `Strict`, `Warn` (the server default) or `Ignore`.
    var fieldValidation: String { request.parameter("fieldValidation") ?? "Warn" }
    /// The field manager: the `fieldManager` parameter, else the User-Agent's first word (as kubectl).
    var fieldManager: String {
        if let manager = request.parameter("fieldManager"), !manager.isEmpty { return manager }
        let agent = request.headers["user-agent"] ?? "unknown"
        return String(agent.split(separator: "/").first ?? "unknown")
    }
}

extension APIServer {
    /// Decodes a request body: JSON, YAML (server-side apply), or kubectl's Kubernetes protobuf.
    func decodeBody(_ request: APIRequest) throws -> JSONValue {
        guard !request.body.isEmpty else { throw StatusError.badRequest("the body of the request was empty") }
        switch request.contentType {
        case "application/vnd.kubernetes.protobuf":
            return try Adapters.protobuf(request.body)
        case "application/apply-patch+yaml", "application/yaml":
            guard let text = String(bytes: request.body, encoding: .utf8),
                let document = try? YAMLJSON.documents(in: text).first
            else { throw StatusError.badRequest("error decoding YAML: invalid document") }
            return document
        default:
            do {
                return try JSONWire.decode(request.body)
            } catch {
                throw StatusError.badRequest("couldn't get version/kind; json parse error: \(Self.jsonError(error))")
            }
        }
    }

    static func jsonError(_ error: Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            return (context.underlyingError.map { "\($0.localizedDescription)" }) ?? context.debugDescription
        }
        return "unexpected end of JSON input"
    }
}
