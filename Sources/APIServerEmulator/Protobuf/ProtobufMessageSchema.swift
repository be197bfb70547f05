/// Which field numbers a protobuf message has and how each renders in Kubernetes JSON.
///
/// Protobuf bodies carry only numbers; the JSON names and types live here, written down from the
/// Kubernetes `generated.proto` files. Fields not listed are skipped.
struct ProtobufMessageSchema: Sendable {
    /// The proto message name, used in error paths.
    var name: String
    /// Field number to field description.
    var fields: [Int: ProtobufFieldSchema]

    init(_ name: String, _ fields: [Int: ProtobufFieldSchema]) {
        self.name = name
        self.fields = fields
    }
}

/// One field of a `ProtobufMessageSchema`.
struct ProtobufFieldSchema: Sendable {
    /// The member name in the JSON object.
    var jsonName: String
    /// How the payload is interpreted.
    var type: ProtobufFieldType
    /// A `repeated` field: every occurrence appends to a JSON array.
    var isRepeated = false
    /// A Go pointer field (`*bool`, `*int32`, `*string`). gogo-protobuf writes these only when set, so
    /// a present zero (`immutable: false`, `leaseTransitions: 0`) is meaningful and kept; plain
    /// fields are always written and their zero values mean "absent".
    var keepsZero = false

    /// A string field.
    static func string(_ name: String, keepsZero: Bool = false) -> Self {
        Self(jsonName: name, type: .string, keepsZero: keepsZero)
    }

    /// A repeated string field.
    static func strings(_ name: String) -> Self {
        Self(jsonName: name, type: .string, isRepeated: true)
    }

    /// An int64 field.
    static func int64(_ name: String, keepsZero: Bool = false) -> Self {
        Self(jsonName: name, type: .int64, keepsZero: keepsZero)
    }

    /// An int32 field.
    static func int32(_ name: String, keepsZero: Bool = false) -> Self {
        Self(jsonName: name, type: .int32, keepsZero: keepsZero)
    }

    /// A bool field.
    static func bool(_ name: String, keepsZero: Bool = false) -> Self {
        Self(jsonName: name, type: .bool, keepsZero: keepsZero)
    }

    /// A `metav1.Time`, rendered with whole seconds.
    static func time(_ name: String) -> Self {
        Self(jsonName: name, type: .time(fractionalDigits: 0))
    }

    /// A `metav1.MicroTime`, rendered with six fractional digits.
    static func microTime(_ name: String) -> Self {
        Self(jsonName: name, type: .time(fractionalDigits: 6))
    }

    /// An embedded message.
    static func message(_ name: String, _ schema: ProtobufMessageSchema) -> Self {
        Self(jsonName: name, type: .message(schema))
    }

    /// A repeated embedded message.
    static func messages(_ name: String, _ schema: ProtobufMessageSchema) -> Self {
        Self(jsonName: name, type: .message(schema), isRepeated: true)
    }

    /// A `map<string, V>`: repeated entry messages `{1: key, 2: value}`.
    static func map(_ name: String, values: ProtobufMapValue) -> Self {
        Self(jsonName: name, type: .map(values))
    }
}

/// The payload interpretations the Kubernetes kinds need.
indirect enum ProtobufFieldType: Sendable {
    /// UTF-8 text.
    case string
    /// Signed 64-bit varint.
    case int64
    /// Signed 32-bit varint (negatives arrive sign-extended to 64 bits).
    case int32
    /// Varint, non-zero is true.
    case bool
    /// A `{1: seconds, 2: nanos}` message rendered as RFC 3339.
    case time(fractionalDigits: Int)
    /// A nested message rendered as a JSON object.
    case message(ProtobufMessageSchema)
    /// A map, rendered as a JSON object.
    case map(ProtobufMapValue)
}

/// How the values of a `map<string, V>` render.
enum ProtobufMapValue: Sendable {
    /// `map<string, string>`.
    case string
    /// `map<string, bytes>`, base64 like Go's `[]byte` in JSON.
    case bytes
    /// `map<string, ExtraValue>` where ExtraValue is `{1: repeated string items}`, rendered as arrays.
    case stringList
}
