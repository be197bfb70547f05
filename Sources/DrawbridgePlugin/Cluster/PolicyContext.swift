import DrawbridgeAPI
import DrawbridgeCore

/// Everything the policy engine needs to judge requests as the webhook does, read with the caller's
/// own permissions: the AccessPolicies, the labels of the namespaces involved, and the roles'
/// rules (for `forbiddenRules`).
///
/// People usually may read policies but not ClusterRoles or Namespaces. Rather than guess, the
/// context says what it could not read (`notes`), and for ClusterRoles it falls back to the
/// Kubernetes defaults of `cluster-admin`, `admin`, `edit` and `view` (as `drawbridge policy check`
/// does), so the common built-in roles are still judged exactly.
public struct PolicyContext: Sendable {
    /// Where the ClusterRole rules come from.
    public enum ClusterRoleSource: Sendable, Hashable {
        /// The cluster's own ClusterRoles.
        case cluster
        /// Kubernetes' built-in defaults, because the cluster's could not be read (the reason given).
        case kubernetesDefaults(reason: String)
    }

    /// Every AccessPolicy as read.
    public let accessPolicies: [AccessPolicy]
    /// The same, compiled.
    public let policies: PolicySet
    /// The labels of each namespace that could be read; absent namespaces are unknown.
    public var namespaceLabels: [String: [String: String]]
    /// ClusterRoles to resolve rules (and aggregation) from.
    public var clusterRoles: [ClusterRole]
    /// Whether `clusterRoles` are the cluster's or the defaults.
    public var clusterRoleSource: ClusterRoleSource
    /// Roles by namespace, for the namespaces whose Roles could be read.
    public var roles: [String: [Role]]
    /// What could not be read and how that limits the answers, one sentence each.
    public var notes: [String]

    /// A context from objects already at hand.
    public init(
        policies: [AccessPolicy], namespaceLabels: [String: [String: String]] = [:], clusterRoles: [ClusterRole] = [],
        clusterRoleSource: ClusterRoleSource = .cluster, roles: [String: [Role]] = [:], notes: [String] = []
    ) {
        self.accessPolicies = policies
        self.policies = PolicySet(policies)
        self.namespaceLabels = namespaceLabels
        self.clusterRoles = clusterRoles
        self.clusterRoleSource = clusterRoleSource
        self.roles = roles
        self.notes = notes
    }

    /// The effective rules of `role` bound in `namespace`, aggregation resolved; nil when the role
    /// does not exist or could not be read.
    public func rules(of role: RoleReference, namespace: String) -> [PolicyRule]? {
        EffectiveRules.of(
            role, namespace: namespace, roles: roles[namespace] ?? [], clusterRoles: clusterRoles)
    }

    /// The engine's input for `request`, built as the webhook's `PolicyLookup` builds it.
    public func input(for request: AccessRequest) -> PolicyInput {
        let namespace = request.metadata.namespace ?? ""
        return PolicyInput(
            request: request, namespaceLabels: namespaceLabels[namespace] ?? [:],
            roleRules: rules(of: request.spec.role, namespace: namespace), now: nil)
    }

    /// The engine's input for a request not made yet.
    public func input(
        requester: UserIdentity, namespace: String, role: RoleReference, duration: String? = nil, reason: String? = nil,
        breakGlass: Bool = false
    ) -> PolicyInput {
        PolicyInput(
            requester: requester, namespace: namespace, namespaceLabels: namespaceLabels[namespace] ?? [:], role: role,
            duration: duration, reason: reason, roleRules: rules(of: role, namespace: namespace), breakGlass: breakGlass
        )
    }

    /// The policy engine's verdict on `request`, as the webhook would give it.
    public func evaluate(_ request: AccessRequest, mode: PolicyEngine.Mode = .newRequest) -> PolicyDecision {
        PolicyEngine.evaluate(input(for: request), policies: policies, mode: mode)
    }

    /// The verdict with the reasons of every other candidate policy.
    public func explain(_ request: AccessRequest, mode: PolicyEngine.Mode = .newRequest) -> PolicyExplanation {
        PolicyExplanation.explain(input(for: request), policies: policies, mode: mode)
    }

    /// Whether any valid policy selects namespaces by label (only then are labels worth reading).
    public var usesNamespaceLabels: Bool {
        policies.valid.contains { $0.spec.namespaces?.selector != nil }
    }

    /// Whether any valid policy has `forbiddenRules` (only then are role rules needed to decide).
    public var usesRoleRules: Bool {
        policies.valid.contains { !($0.spec.forbiddenRules ?? []).isEmpty }
    }
}
