import DrawbridgeAPI
import Foundation

/// A webhook's answer: allowed or not, why not (`status`), and for a mutating webhook a JSON Patch
/// (base64 in `patch`) the API server applies to the object before storing it.
public struct AdmissionResponse: Codable, Hashable, Sendable {
    /// The request's uid, echoed: the API server rejects any other.
    public var uid: String
    /// False refuses the write; `status` says why.
    public var allowed: Bool
    /// Why a request was denied; kube-apiserver shows `message` to the user with `code` and `reason`.
    public var status: Status?
    /// Always `JSONPatch` when `patch` is set (the only type `admission.k8s.io/v1` defines).
    public var patchType: String?
    /// Base64 of a JSON array of RFC 6902 operations.
    public var patch: String?
    /// Shown by kubectl as `Warning: ...` lines.
    public var warnings: [String]?

    /// A response as it goes on the wire; prefer `allowed(uid:patch:warnings:)` and `denied(uid:_:)`.
    public init(
        uid: String, allowed: Bool, status: Status? = nil, patchType: String? = nil, patch: String? = nil,
        warnings: [String]? = nil
    ) {
        self.uid = uid
        self.allowed = allowed
        self.status = status
        self.patchType = patchType
        self.patch = patch
        self.warnings = warnings
    }

    /// The `metav1.Status` subset admission responses carry.
    public struct Status: Codable, Hashable, Sendable {
        /// HTTP code the API server answers the caller with (at least 400 for a denial).
        public var code: Int?
        /// One line shown to the user after `admission webhook "..." denied the request: `.
        public var message: String?
        /// CamelCase reason (`Forbidden`, `BadRequest`) that kubectl prints in parentheses.
        public var reason: String?

        /// A status with an HTTP code, a human message and a CamelCase reason.
        public init(code: Int? = nil, message: String? = nil, reason: String? = nil) {
            self.code = code
            self.message = message
            self.reason = reason
        }
    }

    /// Allows the request, with JSON Patch `operations` applied to the object when there are any.
    public static func allowed(uid: String, patch operations: [JSONValue] = [], warnings: [String] = [])
        -> AdmissionResponse
    {
        var response = AdmissionResponse(uid: uid, allowed: true, warnings: warnings.isEmpty ? nil : warnings)
        guard !operations.isEmpty else { return response }
        do {
            let data = try JSONCoding.encoder.encode(JSONValue.array(operations))
            response.patchType = "JSONPatch"
            response.patch = data.base64EncodedString()
        } catch {
            // Encoding a JSON tree cannot fail in practice; if it ever did, fail closed rather than
            // admit the object without its identity stamp.
            return denied(uid: uid, .internalError("encoding the patch: \(error)"))
        }
        return response
    }

    /// Denies the request for `denial`'s reason.
    public static func denied(uid: String, _ denial: AdmissionDenial) -> AdmissionResponse {
        AdmissionResponse(
            uid: uid, allowed: false, status: Status(code: denial.code, message: denial.message, reason: denial.reason))
    }

    /// The decoded JSON Patch operations (empty when there is no patch or it is not valid), for tests
    /// and callers that apply the patch themselves.
    public var patchOperations: [JSONValue] {
        guard let patch, let data = Data(base64Encoded: patch),
            let value = try? JSONCoding.decoder.decode(JSONValue.self, from: data)
        else { return [] }
        return value.arrayValue ?? []
    }
}
