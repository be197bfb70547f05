/// A coding key for arbitrary JSON member names.
public struct AnyCodingKey: CodingKey, Hashable, Sendable {
    public var stringValue: String
    public var intValue: Int? { nil }
    public init(_ string: String) { self.stringValue = string }
    public init?(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { return nil }
}

/// The JSON members of an object that its Swift type does not model.
///
/// Types that the controller writes back to the API server (AccessRequest, RoleBinding, ObjectMeta, ...)
/// carry one of these so that a read-modify-write never drops a field added by a newer server or
/// another client.
public struct UnknownFields: Hashable, Sendable {
    /// Member name to value, exactly as received.
    public var values: [String: JSONValue]

    /// No unknown members.
    public init(_ values: [String: JSONValue] = [:]) { self.values = values }

    /// True when nothing unknown was received.
    public var isEmpty: Bool { values.isEmpty }

    /// Collects every member of the decoder's object whose name is not one of `Known`'s keys.
    public init<Known: CodingKey & CaseIterable>(from decoder: Decoder, known: Known.Type) throws {
        // `Known(stringValue:)` matches a name against the cases without building a set of their
        // names for every object decoded.
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        var values: [String: JSONValue] = [:]
        for key in container.allKeys where Known(stringValue: key.stringValue) == nil {
            values[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
        self.values = values
    }

    /// Writes the unknown members next to the known ones already written to `encoder`.
    public func encode(to encoder: Encoder) throws {
        guard !values.isEmpty else { return }
        var container = encoder.container(keyedBy: AnyCodingKey.self)
        for (name, value) in values {
            try container.encode(value, forKey: AnyCodingKey(name))
        }
    }
}
