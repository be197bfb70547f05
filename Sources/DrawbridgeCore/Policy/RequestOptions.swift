import DrawbridgeAPI

/// What one person may request, where, for how long and with how many approvals: a live
/// `policy check` for oneself, before writing any request.
///
/// Each offer is judged by `PolicyEngine` itself (the strictest matching policy governs, its
/// `forbiddenRules` apply), with one difference: no reason has been written yet, so a policy's
/// `reasonPattern` is reported as a requirement instead of failing the check.
public enum RequestOptions {
    /// One role in one place, and the engine's verdict on requesting it.
    public struct Offer: Hashable, Sendable {
        /// The role.
        public var role: RoleReference
        /// A namespace, `*` for any namespace no other policy names, a label selector's text
        /// (`labelled env=dev`) when no namespace was given, or `(cluster-wide)` for a
        /// ClusterAccessRequest.
        public var namespace: String
        /// True for a ClusterAccessRequest (a policy with `scope: Cluster` offers it).
        public var clusterWide: Bool = false
        /// The verdict: the governing policy's terms, or why it is refused (e.g. forbiddenRules).
        public var decision: PolicyDecision
        /// The governing policy's reason pattern, which the request's reason must match.
        public var reasonPattern: String?
    }

    /// The offers to `requester`, for `role` only when given (by name, and by kind when given), in
    /// `namespace` only when given (with its labels), sorted by namespace then role.
    public static func offers(
        to requester: UserIdentity, policies: [AccessPolicy], namespace: String? = nil,
        namespaceLabels: [String: String] = [:], roleName: String? = nil, roleKind: String? = nil,
        roleRules: (RoleReference, String) -> [PolicyRule]? = { _, _ in nil }
    ) -> [Offer] {
        let full = PolicySet(policies)
        let valid = Set(full.valid.map(\.name))
        // The same policies without their reason patterns (only those that compiled: an invalid
        // pattern keeps its policy invalid), so the engine judges everything but the reason.
        let withoutReasons = PolicySet(
            policies.map { policy in
                guard valid.contains(policy.name) else { return policy }
                var copy = policy
                copy.spec.reasonPattern = nil
                return copy
            })
        let patterns = Dictionary(
            full.valid.map { ($0.name, $0.spec.reasonPattern) }, uniquingKeysWith: { first, _ in first })

        var places: [(RoleReference, Place)] = []
        var seen = Set<String>()
        for policy in full.valid where policy.matchesRequester(requester) {
            for role in policy.spec.roles {
                guard roleName.map({ $0 == role.name }) ?? true, roleKind.map({ $0 == role.kind }) ?? true else {
                    continue
                }
                for place in Self.places(policy, namespace: namespace, labels: namespaceLabels)
                where seen.insert("\(role)|\(place.name)").inserted {
                    places.append((role, place))
                }
            }
        }
        let offers = places.map { role, place -> Offer in
            let input = PolicyInput(
                requester: requester, namespace: place.clusterWide ? "" : place.name, namespaceLabels: place.labels,
                role: role, roleRules: roleRules(role, place.clusterWide ? "" : place.name),
                clusterWide: place.clusterWide)
            let decision = PolicyEngine.evaluate(input, policies: withoutReasons)
            var pattern: String?
            if case .allowed(let terms) = decision { pattern = patterns[terms.policy] ?? nil }
            return Offer(
                role: role, namespace: place.name, clusterWide: place.clusterWide, decision: decision,
                reasonPattern: pattern)
        }
        return offers.sorted { ($0.namespace, $0.role.description) < ($1.namespace, $1.role.description) }
    }

    /// Where an offer applies: a namespace (or what stands for several), or cluster-wide.
    struct Place {
        var name: String
        var labels: [String: String] = [:]
        var clusterWide = false

        /// How a ClusterAccessRequest's place reads in the NAMESPACE column.
        static let clusterWideName = "(cluster-wide)"
    }

    /// Where `policy` applies: `namespace` itself when given and covered; otherwise each named
    /// namespace (`*` included) and, for a label selector, its text with the labels it requires. A
    /// Cluster policy offers ClusterAccessRequests, only when no namespace was asked about.
    static func places(_ policy: CompiledPolicy, namespace: String?, labels: [String: String]) -> [Place] {
        guard policy.spec.effectiveScope == .namespaced else {
            return namespace == nil ? [Place(name: Place.clusterWideName, clusterWide: true)] : []
        }
        guard let namespaces = policy.spec.namespaces else { return [] }
        if let namespace {
            return policy.matchesNamespace(namespace, labels: labels) ? [Place(name: namespace, labels: labels)] : []
        }
        var result = (namespaces.names ?? []).map { Place(name: $0) }
        if let selector = namespaces.selector {
            result.append(
                Place(name: "labelled \(PolicyExplanation.describe(selector))", labels: selector.matchLabels ?? [:]))
        }
        return result
    }
}

extension PolicyDecision {
    /// True for `.allowed`: lets callers filter offers and verdicts without a `switch`.
    public var isAllowed: Bool {
        if case .allowed = self { return true }
        return false
    }
}
