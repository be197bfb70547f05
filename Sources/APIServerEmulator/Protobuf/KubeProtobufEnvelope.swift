import DrawbridgeAPI
/// The `k8s\0` + runtime.Unknown wrapper around every Kubernetes protobuf body.
///
/// Split from the object decoding so the pipeline can learn the declared type (for routing checks
/// and error messages) without decoding the object itself.
public struct KubeProtobufEnvelope: Sendable, Equatable {
    /// The four bytes every Kubernetes protobuf body starts with: `"k8s\0"`.
    public static let magic: [UInt8] = [0x6B, 0x38, 0x73, 0x00]

    /// `typeMeta.apiVersion`, e.g. `v1` or `rbac.authorization.k8s.io/v1`.
    public var apiVersion: String
    /// `typeMeta.kind`, e.g. `Namespace`.
    public var kind: String
    /// The encoded object message.
    public var raw: ArraySlice<UInt8>
    /// Declared encoding of `raw`; empty means none.
    public var contentEncoding: String
    /// Declared content type of `raw`; empty means protobuf.
    public var contentType: String

    /// Parses a whole request body: checks the magic, then reads runtime.Unknown
    /// `{1: typeMeta{1: apiVersion, 2: kind}, 2: raw, 3: contentEncoding, 4: contentType}`.
    public init(body: [UInt8]) throws {
        guard body.count >= Self.magic.count, Array(body.prefix(Self.magic.count)) == Self.magic else {
            throw ProtobufDecodingError.missingMagic
        }
        self = try Self(unknown: body.dropFirst(Self.magic.count))
    }

    private init(unknown bytes: ArraySlice<UInt8>) throws {
        let schema = ProtobufMessageSchema(
            "Unknown",
            [
                1: .message(
                    "typeMeta", ProtobufMessageSchema("TypeMeta", [1: .string("apiVersion"), 2: .string("kind")])),
                3: .string("contentEncoding"),
                4: .string("contentType"),
            ])
        let fields = try ProtobufMessageDecoder.decode(bytes, as: schema, path: "Unknown")
        apiVersion = fields["typeMeta"]?["apiVersion"]?.stringValue ?? ""
        kind = fields["typeMeta"]?["kind"]?.stringValue ?? ""
        contentEncoding = fields["contentEncoding"]?.stringValue ?? ""
        contentType = fields["contentType"]?.stringValue ?? ""
        // `raw` stays a slice of the body; the schema decoder would turn bytes into base64 text.
        raw = []
        var reader = ProtobufReader(bytes)
        while let field = try reader.readField() {
            guard field.number == 2 else { continue }
            guard case .lengthDelimited(let payload) = field.value else {
                throw ProtobufDecodingError.wrongWireType(
                    field: "Unknown.raw", found: field.wireType.rawValue,
                    expected: ProtobufWireType.lengthDelimited.rawValue)
            }
            raw = payload
        }
    }
}
