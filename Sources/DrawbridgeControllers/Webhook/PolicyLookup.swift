import DrawbridgeAPI
import DrawbridgeCore
import Foundation

/// What admission reads to judge a request by policy: the AccessPolicies, a namespace's labels and a
/// role's effective rules. In the controller it reads the informer caches (no API call per
/// admission); tests and `drawbridge policy check` give fixed objects.
///
/// Until the caches have synced there is nothing to judge by, and admission refuses rather than
/// guess: `isReady` says which.
public struct PolicyLookup: Sendable {
    /// False until the objects below are complete.
    public var isReady: @Sendable () -> Bool
    /// Every AccessPolicy, compiled.
    public var policies: @Sendable () -> PolicySet
    /// The labels of a Namespace (empty when unknown).
    public var namespaceLabels: @Sendable (_ namespace: String) -> [String: String]
    /// The effective rules of a role bound in `namespace` (aggregation resolved); nil when unknown.
    public var roleRules: @Sendable (_ role: RoleReference, _ namespace: String) -> [PolicyRule]?
    /// Every request by a requester (break-glass cooldown, the cap on unfinished requests).
    public var requesterRequests: @Sendable (_ requester: String) -> [RequestSummary]

    public init(
        isReady: @escaping @Sendable () -> Bool, policies: @escaping @Sendable () -> PolicySet,
        namespaceLabels: @escaping @Sendable (_ namespace: String) -> [String: String],
        roleRules: @escaping @Sendable (_ role: RoleReference, _ namespace: String) -> [PolicyRule]?,
        requesterRequests: @escaping @Sendable (_ requester: String) -> [RequestSummary] = { _ in [] }
    ) {
        self.isReady = isReady
        self.policies = policies
        self.namespaceLabels = namespaceLabels
        self.roleRules = roleRules
        self.requesterRequests = requesterRequests
    }

    /// Fixed objects, always ready.
    public static func fixed(
        policies: [AccessPolicy], namespaces: [Namespace] = [], roles: [Role] = [], clusterRoles: [ClusterRole] = [],
        requests: [AccessRequest] = [], defaults: PolicyDefaults = PolicyDefaults()
    ) -> PolicyLookup {
        let summaries = requests.map(RequestSummary.init)
        let set = PolicySet(policies, defaults: defaults)
        let labels = Dictionary(
            namespaces.map { ($0.metadata.name ?? "", $0.metadata.labels ?? [:]) }, uniquingKeysWith: { $1 })
        return PolicyLookup(
            isReady: { true }, policies: { set }, namespaceLabels: { labels[$0] ?? [:] },
            roleRules: { role, namespace in
                EffectiveRules.of(
                    role, namespace: namespace, roles: roles.filter { $0.metadata.namespace == namespace },
                    clusterRoles: clusterRoles)
            }, requesterRequests: { requester in summaries.filter { $0.requester == requester } })
    }

    /// The policy engine's input for `request` (its `spec.startAt` as a lead time when `now` is
    /// given), with the role's rules read only when some policy
    /// has `forbiddenRules` (resolving aggregation costs a pass over every ClusterRole).
    public func input(for request: AccessRequest, policies: PolicySet, now: Date? = nil) -> PolicyInput {
        let namespace = request.metadata.namespace ?? ""
        let needsRules = policies.valid.contains { !($0.spec.forbiddenRules ?? []).isEmpty }
        return PolicyInput(
            request: request, namespaceLabels: request.isClusterWide ? [:] : namespaceLabels(namespace),
            roleRules: needsRules ? roleRules(request.spec.role, namespace) : nil, now: now)
    }

    /// The verdict of the policy engine on `request` as things stand; given `now`, its
    /// `spec.startAt` is judged against the policy's `maxLeadTime` too.
    public func evaluate(_ request: AccessRequest, mode: PolicyEngine.Mode = .newRequest, now: Date? = nil)
        -> PolicyDecision
    {
        let policies = policies()
        return PolicyEngine.evaluate(input(for: request, policies: policies, now: now), policies: policies, mode: mode)
    }
}
