/// A kind made of metadata, a spec and an optional status, as most Kubernetes kinds are (Drawbridge's
/// own, CustomResourceDefinition): their wire coding is written here once. Members the type does not
/// model are kept in `unknownFields` and written back unchanged.
public protocol SpecAndStatusResource: KubeResource {
    associatedtype Spec: Codable & Hashable & Sendable
    associatedtype Status: Codable & Hashable & Sendable
    var spec: Spec { get }
    var status: Status? { get }
    /// Top-level members not modelled, written back unchanged.
    var unknownFields: UnknownFields { get set }
    init(metadata: ObjectMeta, spec: Spec, status: Status?)
}

/// The top-level members of a `SpecAndStatusResource`.
enum SpecAndStatusCodingKeys: String, ObjectCodingKeys, CaseIterable {
    case apiVersion, kind, metadata, spec, status
}

extension SpecAndStatusResource {
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: SpecAndStatusCodingKeys.self)
        self.init(
            metadata: try c.decodeHeader(of: Self.self), spec: try c.decode(Spec.self, forKey: .spec),
            status: try c.decodeIfPresent(Status.self, forKey: .status))
        unknownFields = try UnknownFields(from: decoder, known: SpecAndStatusCodingKeys.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: SpecAndStatusCodingKeys.self)
        try c.encodeHeader(of: self)
        try c.encode(spec, forKey: .spec)
        try c.encodeIfPresent(status, forKey: .status)
        try unknownFields.encode(to: encoder)
    }
}
