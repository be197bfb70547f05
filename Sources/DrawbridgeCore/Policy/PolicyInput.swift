import DrawbridgeAPI

/// Everything the policy engine needs about one request, gathered by the caller (controller, webhook or
/// `drawbridge policy check`), so the engine itself does no lookups.
public struct PolicyInput: Hashable, Sendable {
    public var requester: UserIdentity
    /// The request's namespace; empty for a cluster-wide request.
    public var namespace: String
    /// A ClusterAccessRequest: only policies with `scope: Cluster` govern it, and only those govern nothing else.
    public var clusterWide: Bool
    /// Labels of the request's Namespace, for policies that select namespaces by label.
    public var namespaceLabels: [String: String]
    public var role: RoleReference
    /// As written in the request; nil means "the policy default".
    public var duration: String?
    public var reason: String?
    /// Effective rules of the requested role (aggregation resolved); nil when the role could not be read.
    public var roleRules: [PolicyRule]?
    /// A break-glass request: judged by the policies' `breakGlass`, not their `requesters`.
    public var breakGlass: Bool
    /// How far ahead of now the request's `spec.startAt` is (negative once passed); nil without one.
    public var leadTime: Duration?

    public init(
        requester: UserIdentity, namespace: String, namespaceLabels: [String: String] = [:], role: RoleReference,
        duration: String? = nil, reason: String? = nil, roleRules: [PolicyRule]? = nil, breakGlass: Bool = false,
        leadTime: Duration? = nil, clusterWide: Bool = false
    ) {
        self.clusterWide = clusterWide
        self.requester = requester
        self.namespace = namespace
        self.namespaceLabels = namespaceLabels
        self.role = role
        self.duration = duration
        self.reason = reason
        self.roleRules = roleRules
        self.breakGlass = breakGlass
        self.leadTime = leadTime
    }
}
