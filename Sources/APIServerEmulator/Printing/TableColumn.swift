import DrawbridgeAPI

/// One `columnDefinitions` entry of a `meta.k8s.io/v1` Table.
///
/// Exists so built-in printers and CRD printer columns describe their columns the same way and
/// render to exactly the five members kubectl reads (`name`, `type`, `format`, `description`, `priority`).
public struct TableColumn: Hashable, Sendable {
    public var name: String
    /// `string`, `integer`, `number`, `boolean` or `date`.
    public var type: String
    /// `name` for the column that holds the object's name; usually empty.
    public var format: String
    public var description: String
    /// 0 shows by default; 1 only with `-o wide`.
    public var priority: Int

    public init(name: String, type: String = "string", format: String = "", description: String = "", priority: Int = 0)
    {
        self.name = name
        self.type = type
        self.format = format
        self.description = description
        self.priority = priority
    }

    /// The wire form, with every member present as the API server sends it.
    public var json: JSONValue {
        .object([
            "name": .string(name), "type": .string(type), "format": .string(format),
            "description": .string(description), "priority": .int(Int64(priority)),
        ])
    }

    /// `ObjectMeta.name`'s documentation, which the API server uses as the Name column's description.
    public static let nameDescription =
        "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"

    /// `ObjectMeta.creationTimestamp`'s documentation, used for Age and Created At columns.
    public static let creationTimestampDescription =
        "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"

    /// The leading Name column every printer but the event printer starts with.
    public static let name = TableColumn(name: "Name", format: "name", description: nameDescription)

    /// The Age column of built-in printers (typed `string`: the server renders the age).
    public static let builtinAge = TableColumn(name: "Age", description: creationTimestampDescription)

    /// The Age column a CRD without printer columns gets (typed `date`, as the CRD handler declares it).
    public static let customResourceAge = TableColumn(
        name: "Age", type: "date", description: creationTimestampDescription)

    /// The Created At column of the API server's default table convertor (roles, CRDs, ...).
    public static let createdAt = TableColumn(
        name: "Created At", type: "date", description: creationTimestampDescription)
}
