import Foundation
import DrawbridgeAPI

/// Decodes Kubernetes-protobuf request bodies into the JSON kubectl would otherwise have sent.
///
/// kubectl 1.32's typed clients POST `application/vnd.kubernetes.protobuf` for namespaces, config
/// maps, role bindings and the auth reviews, and do not retry with JSON after a 415 (trap T2). The
/// emulator stores and answers JSON, so it converts these bodies once at the edge and runs the same
/// defaulting and validation as for JSON bodies.
///
/// Shape: `apiVersion` and `kind` from the envelope, then the object's fields under their JSON names.
/// Zero values of plain fields, empty Times and empty nested objects are omitted, so
/// `kubectl create namespace team-a` yields `{"apiVersion":"v1","kind":"Namespace","metadata":
/// {"name":"team-a"}}` without `spec: {}` or `status: {}`: that is what a JSON client sending the
/// minimal object would send, and it leaves the server's defaulting a single "is it missing" check.
/// Go pointer fields (`immutable`, `automountServiceAccountToken`, the Lease spec, owner reference
/// flags) are written by gogo-protobuf only when set, so their zero values are kept.
public enum KubeProtobuf {
    /// The media type of Kubernetes protobuf bodies, as in `Content-Type` and `Accept`.
    public static let contentType = "application/vnd.kubernetes.protobuf"

    /// True when a `Content-Type` header value names Kubernetes protobuf (parameters ignored).
    public static func isProtobuf(contentType header: String) -> Bool {
        let mediaType = header.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        return mediaType.trimmingCharacters(in: .whitespaces).lowercased() == contentType
    }

    /// Decodes a whole request body (magic, envelope, object) to its JSON form.
    ///
    /// Throws `ProtobufDecodingError`: `.unsupportedKind` (415) for types without a schema, other
    /// cases (400) for malformed bytes. Never traps, whatever the input.
    public static func decode(_ body: [UInt8]) throws -> JSONValue {
        let envelope = try KubeProtobufEnvelope(body: body)
        guard envelope.contentEncoding.isEmpty else {
            throw ProtobufDecodingError.unsupportedContentEncoding(envelope.contentEncoding)
        }
        guard let schema = KubeProtobufSchemas.schema(apiVersion: envelope.apiVersion, kind: envelope.kind) else {
            throw ProtobufDecodingError.unsupportedKind(apiVersion: envelope.apiVersion, kind: envelope.kind)
        }
        var object = try ProtobufMessageDecoder.decode(envelope.raw, as: schema, path: envelope.kind)
        object["apiVersion"] = .string(envelope.apiVersion)
        object["kind"] = .string(envelope.kind)
        return .object(object)
    }

    /// Every (apiVersion, kind) `decode` understands, sorted.
    public static var supportedTypes: [(apiVersion: String, kind: String)] {
        KubeProtobufSchemas.supportedTypes
    }
}
