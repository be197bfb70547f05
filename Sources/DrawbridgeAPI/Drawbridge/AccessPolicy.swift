/// A cluster-wide guardrail deciding which AccessRequests are allowed, for how long, and who approves
/// (`drawbridge.dev/v1alpha1`, cluster-scoped, short name `ap`). No policy, no access.
public struct AccessPolicy: SpecAndStatusResource {
    public static let apiVersion = Drawbridge.apiVersion
    public static let kind = "AccessPolicy"
    public static let plural = "accesspolicies"
    public static let isNamespaced = false

    public var metadata: ObjectMeta
    public var spec: AccessPolicySpec
    public var status: AccessPolicyStatus?
    /// Top-level members not modelled above, written back unchanged.
    public var unknownFields = UnknownFields()

    public init(metadata: ObjectMeta, spec: AccessPolicySpec, status: AccessPolicyStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// The policy's name (cluster-scoped objects are keyed by name alone).
    public var name: String { metadata.name ?? "" }
}
