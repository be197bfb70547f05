/// What each Table row carries besides its cells, from the `includeObject` query parameter.
///
/// Exists because kubectl relies on the default (`Metadata`) to learn names and namespaces of rows,
/// while `-o wide` custom printing and some clients ask for the whole object or nothing.
public enum IncludeObject: String, Hashable, Sendable, CaseIterable {
    /// No `object` member in rows.
    case none = "None"
    /// A `PartialObjectMetadata` holding the object's metadata (the API server's default).
    case metadata = "Metadata"
    /// The full object.
    case object = "Object"

    /// Parses the query parameter; an absent or empty value means `Metadata`, an unknown one nil.
    public init?(queryValue: String?) {
        guard let queryValue, !queryValue.isEmpty else {
            self = .metadata
            return
        }
        self.init(rawValue: queryValue)
    }
}
