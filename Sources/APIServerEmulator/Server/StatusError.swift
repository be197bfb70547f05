import DrawbridgeAPI

/// An API failure carried as the `metav1.Status` a real kube-apiserver would send, so kubectl and
/// client libraries print and classify it exactly as they would against a cluster.
public struct StatusError: Error, Hashable, Sendable, CustomStringConvertible {
    /// One `details.causes[]` entry (field-level validation problems).
    public struct Cause: Hashable, Sendable {
        public var reason: String
        public var message: String
        public var field: String

        public init(reason: String, message: String, field: String) {
            self.reason = reason
            self.message = message
            self.field = field
        }
    }

    public var code: Int
    /// CamelCase machine reason (`NotFound`, `Conflict`, ...); empty for plain 500s.
    public var reason: String
    public var message: String
    public var name: String?
    public var group: String?
    public var kind: String?
    public var causes: [Cause] = []
    public var retryAfterSeconds: Int?

    public init(
        code: Int, reason: String, message: String, name: String? = nil, group: String? = nil, kind: String? = nil,
        causes: [Cause] = [], retryAfterSeconds: Int? = nil
    ) {
        self.code = code
        self.reason = reason
        self.message = message
        self.name = name
        self.group = group
        self.kind = kind
        self.causes = causes
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var description: String { message }

    /// The `metav1.Status` body.
    public var status: JSONValue {
        var fields: [String: JSONValue] = [
            "kind": "Status", "apiVersion": "v1", "metadata": .object([:]), "status": "Failure",
            "message": .string(message), "code": .int(Int64(code)),
        ]
        if !reason.isEmpty { fields["reason"] = .string(reason) }
        var details: [String: JSONValue] = [:]
        if let name { details["name"] = .string(name) }
        if let group { details["group"] = .string(group) }
        if let kind { details["kind"] = .string(kind) }
        if !causes.isEmpty {
            details["causes"] = .array(
                causes.map {
                    .object(["reason": .string($0.reason), "message": .string($0.message), "field": .string($0.field)])
                })
        }
        if let retryAfterSeconds { details["retryAfterSeconds"] = .int(Int64(retryAfterSeconds)) }
        if !details.isEmpty { fields["details"] = .object(details) }
        return .object(fields)
    }

    /// The response carrying this error.
    public var response: APIResponse {
        var response = APIResponse.json(status, status: code)
        if let retryAfterSeconds { response.headers.append(("Retry-After", String(retryAfterSeconds))) }
        return response
    }

    // MARK: The errors kube-apiserver sends, worded as it words them.

    public static func notFound(_ type: ResourceType, _ name: String) -> StatusError {
        StatusError(
            code: 404, reason: "NotFound", message: "\(type.qualifiedName) \"\(name)\" not found", name: name,
            group: type.group, kind: type.plural)
    }

    public static func pathNotFound() -> StatusError {
        StatusError(code: 404, reason: "NotFound", message: "the server could not find the requested resource")
    }

    public static func alreadyExists(_ type: ResourceType, _ name: String) -> StatusError {
        StatusError(
            code: 409, reason: "AlreadyExists", message: "\(type.qualifiedName) \"\(name)\" already exists",
            name: name, group: type.group, kind: type.plural)
    }

    public static func conflict(_ type: ResourceType, _ name: String, _ detail: String? = nil) -> StatusError {
        let why =
            detail ?? "the object has been modified; please apply your changes to the latest version and try again"
        return StatusError(
            code: 409, reason: "Conflict",
            message: "Operation cannot be fulfilled on \(type.qualifiedName) \"\(name)\": \(why)",
            name: name, group: type.group, kind: type.plural)
    }

    /// 422 with field causes; kubectl builds its message from `details`.
    public static func invalid(_ type: ResourceType, _ name: String, _ causes: [Cause]) -> StatusError {
        let group = type.group.isEmpty ? "" : ".\(type.group)"
        let list = causes.map { "\($0.field): \($0.message)" }
        let joined = list.count == 1 ? list[0] : "[" + list.joined(separator: ", ") + "]"
        return StatusError(
            code: 422, reason: "Invalid", message: "\(type.kind)\(group) \"\(name)\" is invalid: \(joined)", name: name,
            group: type.group, kind: type.kind, causes: causes)
    }

    public static func badRequest(_ message: String) -> StatusError {
        StatusError(code: 400, reason: "BadRequest", message: message)
    }

    public static func forbidden(_ message: String, _ type: ResourceType? = nil, name: String? = nil) -> StatusError {
        StatusError(
            code: 403, reason: "Forbidden", message: message, name: name, group: type?.group, kind: type?.plural)
    }

    public static func unauthorized() -> StatusError {
        StatusError(code: 401, reason: "Unauthorized", message: "Unauthorized")
    }

    public static func methodNotAllowed(
        _ message: String = "the server does not allow this method on the requested resource"
    ) -> StatusError {
        StatusError(code: 405, reason: "MethodNotAllowed", message: message)
    }

    public static func unsupportedMediaType(_ message: String) -> StatusError {
        StatusError(code: 415, reason: "UnsupportedMediaType", message: message)
    }

    public static func gone(_ message: String) -> StatusError {
        StatusError(code: 410, reason: "Expired", message: message)
    }

    public static func tooLarge(_ message: String = "Request entity too large: limit is 3145728") -> StatusError {
        StatusError(code: 413, reason: "RequestEntityTooLarge", message: message)
    }

    public static func internalError(_ message: String) -> StatusError {
        StatusError(code: 500, reason: "InternalError", message: "Internal error occurred: \(message)")
    }
}

/// An error from one of the emulator's parsers (selectors, patches, protobuf) that knows which HTTP
/// status kube-apiserver answers it with, so the pipeline converts all of them in one place.
public protocol HTTPStatusCoded: Error, CustomStringConvertible {
    /// 400, 415 or 422.
    var httpStatus: Int { get }
}

extension StatusError {
    /// The Status for a parser error, with the CamelCase reason that goes with its code.
    public init(_ error: some HTTPStatusCoded) {
        let reasons = [400: "BadRequest", 415: "UnsupportedMediaType", 422: "Invalid"]
        self.init(code: error.httpStatus, reason: reasons[error.httpStatus] ?? "BadRequest", message: error.description)
    }
}

extension SelectorError: HTTPStatusCoded {}
extension JSONPatchError: HTTPStatusCoded {}
extension StrategicMergePatchError: HTTPStatusCoded {}
extension ProtobufDecodingError: HTTPStatusCoded {
    public var httpStatus: Int { httpStatusCode }
}
