/// Why a protobuf request body could not be turned into JSON.
///
/// A closed set so the request pipeline can pick the HTTP status (415 for kinds the emulator cannot
/// decode, 400 for malformed bytes) and still show the client a precise message.
public enum ProtobufDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input ended inside a value; `offset` is where the value started.
    case truncated(offset: Int)
    /// A varint ran past 10 bytes or overflowed 64 bits.
    case malformedVarint(offset: Int)
    /// A tag carried a wire type this reader does not handle (groups 3/4, or 6/7).
    case unsupportedWireType(Int, offset: Int)
    /// A tag carried field number 0 or one above 2^29 - 1.
    case invalidFieldNumber(UInt64, offset: Int)
    /// A known field arrived with a wire type that does not match its declared type.
    case wrongWireType(field: String, found: Int, expected: Int)
    /// A string field held bytes that are not UTF-8.
    case invalidUTF8(field: String)
    /// A Time or MicroTime outside the years 0001-9999 or with nanos outside 0..<1e9.
    case invalidTime(field: String)
    /// The body does not start with the `k8s\0` magic.
    case missingMagic
    /// The runtime.Unknown envelope declares a content encoding (e.g. gzip) the emulator does not undo.
    case unsupportedContentEncoding(String)
    /// The envelope names an (apiVersion, kind) the emulator has no protobuf schema for.
    case unsupportedKind(apiVersion: String, kind: String)

    /// The HTTP status a server should answer with: 415 for unknown kinds, 400 for broken bodies.
    public var httpStatusCode: Int {
        switch self {
        case .unsupportedKind, .unsupportedContentEncoding: 415
        default: 400
        }
    }

    /// The Status `reason` matching `httpStatusCode`.
    public var statusReason: String {
        httpStatusCode == 415 ? "UnsupportedMediaType" : "BadRequest"
    }

    /// A sentence fit for a Kubernetes Status `message`.
    public var description: String {
        switch self {
        case .truncated(let offset):
            "protobuf body is truncated: a value starting at byte \(offset) runs past the end"
        case .malformedVarint(let offset):
            "protobuf body has a malformed varint at byte \(offset)"
        case .unsupportedWireType(let type, let offset):
            "protobuf body uses unsupported wire type \(type) at byte \(offset)"
        case .invalidFieldNumber(let number, let offset):
            "protobuf body has invalid field number \(number) at byte \(offset)"
        case .wrongWireType(let field, let found, let expected):
            "protobuf field \(field) has wire type \(found), expected \(expected)"
        case .invalidUTF8(let field):
            "protobuf field \(field) is not valid UTF-8"
        case .invalidTime(let field):
            "protobuf field \(field) is not a valid timestamp"
        case .missingMagic:
            "provided protobuf body lacks the k8s\\x00 magic prefix"
        case .unsupportedContentEncoding(let encoding):
            "protobuf content encoding \"\(encoding)\" is not supported"
        case .unsupportedKind(let apiVersion, let kind):
            "protobuf decoding is not supported for \(Self.groupVersionKind(apiVersion, kind))"
        }
    }

    /// Renders like apimachinery's GroupVersionKind String(): `Kind=Foo` or `rbac/v1, Kind=Foo`.
    private static func groupVersionKind(_ apiVersion: String, _ kind: String) -> String {
        apiVersion.isEmpty ? "Kind=\(kind)" : "\(apiVersion), Kind=\(kind)"
    }
}
