import DrawbridgeAPI

/// Everything the emulator knows about one served resource, built-in or defined by a CRD: enough to
/// route URLs, answer discovery and OpenAPI, print Tables and apply the right semantics.
public struct ResourceType: Hashable, Sendable {
    /// API group; `""` for the core group.
    public var group: String
    public var version: String
    public var kind: String
    public var listKind: String
    /// Lower-case plural used in URLs.
    public var plural: String
    public var singular: String
    public var namespaced: Bool
    public var shortNames: [String]
    public var categories: [String]
    /// Verbs served on the main resource (`create`, `get`, `list`, ...).
    public var verbs: [String]
    /// Served subresources, e.g. `status` (get/patch/update) or `finalize` (update).
    public var subresources: [String]
    /// True for kinds whose `metadata.generation` the server maintains (CRs, CRDs).
    public var tracksGeneration: Bool
    /// True for custom resources (no strategic merge patch, schema validation, pruning).
    public var isCustom: Bool
    /// Columns for Table output beyond Name (CRD `additionalPrinterColumns`); built-ins use fixed printers.
    public var printerColumns: [CustomResourceColumnDefinition]
    /// The structural schema of a custom resource, if any.
    public var schema: JSONSchemaProps?
    /// JSON paths usable in field selectors beyond `metadata.name` and `metadata.namespace`.
    public var selectableFields: [String]

    public init(
        group: String, version: String, kind: String, plural: String, singular: String? = nil,
        namespaced: Bool, shortNames: [String] = [], categories: [String] = [],
        verbs: [String] = ResourceType.standardVerbs, subresources: [String] = [], tracksGeneration: Bool = false,
        isCustom: Bool = false, printerColumns: [CustomResourceColumnDefinition] = [], schema: JSONSchemaProps? = nil,
        selectableFields: [String] = []
    ) {
        self.group = group
        self.version = version
        self.kind = kind
        self.listKind = kind + "List"
        self.plural = plural
        self.singular = singular ?? kind.lowercased()
        self.namespaced = namespaced
        self.shortNames = shortNames
        self.categories = categories
        self.verbs = verbs
        self.subresources = subresources
        self.tracksGeneration = tracksGeneration
        self.isCustom = isCustom
        self.printerColumns = printerColumns
        self.schema = schema
        self.selectableFields = selectableFields
    }

    /// The verbs of an ordinary read-write resource, in the order discovery lists them.
    public static let standardVerbs = [
        "create", "delete", "deletecollection", "get", "list", "patch", "update", "watch",
    ]

    /// `group/version`, or `v1` for the core group.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `plural.group` as error messages name it (`accessrequests.drawbridge.dev`, `namespaces`).
    public var qualifiedName: String { group.isEmpty ? plural : "\(plural).\(group)" }

    /// True for create-only virtual resources such as SelfSubjectAccessReview.
    public var isCreateOnly: Bool { verbs == ["create"] }

    /// True when the status subresource isolates `.status` from main-resource writes.
    public var hasStatusSubresource: Bool { subresources.contains("status") }
}
