import DrawbridgeAPI

/// Why each AccessPolicy did or did not govern one request, beside the engine's own verdict.
///
/// People refused access (or asked to approve) need more than "no": which policy decided, and why
/// the others did not. The verdict comes from `PolicyEngine.evaluate` itself, so the explanation can
/// never disagree with what the webhook and the controller decide; the candidates only add the why.
public struct PolicyExplanation: Hashable, Sendable {
    /// The engine's verdict, exactly as the webhook and the controller compute it.
    public var decision: PolicyDecision
    /// Every policy, the governing one first, then those that matched but are less strict (strictest
    /// first), then the rest in name order.
    public var candidates: [PolicyCandidate]

    /// The explanation for `input` under `policies`, judged in `mode` as the engine would.
    public static func explain(
        _ input: PolicyInput, policies: PolicySet, mode: PolicyEngine.Mode = .newRequest
    ) -> PolicyExplanation {
        let decision = PolicyEngine.evaluate(input, policies: policies, mode: mode)
        let matching = policies.valid.filter { $0.matches(input) }.sorted(by: PolicyEngine.isStricter)
        var candidates: [PolicyCandidate] = []
        if let governing = matching.first {
            candidates.append(PolicyCandidate(policy: governing.name, verdict: .governs))
            for other in matching.dropFirst() {
                candidates.append(
                    PolicyCandidate(
                        policy: other.name,
                        verdict: .lessStrict(than: governing.name, because: strictness(governing, over: other))))
            }
        }
        var rest: [PolicyCandidate] = policies.valid.filter { !$0.matches(input) }.map {
            PolicyCandidate(policy: $0.name, verdict: mismatch($0, input))
        }
        rest += policies.invalid.map { PolicyCandidate(policy: $0.policy, verdict: .invalid($0.field, $0.problem)) }
        candidates += rest.sorted { $0.policy < $1.policy }
        return PolicyExplanation(decision: decision, candidates: candidates)
    }

    /// The name of the policy that governs, whether or not it allowed the request.
    public var governingPolicy: String? {
        candidates.first { $0.verdict == .governs }?.policy
    }

    /// The first way `policy` fails to cover `input`: requester, then namespace, then role.
    static func mismatch(_ policy: CompiledPolicy, _ input: PolicyInput) -> PolicyCandidate.Verdict {
        if !PolicyScope.coversScope(policy.spec, input) { return .scopeNotCovered(policy.spec.effectiveScope) }
        if !policy.matchesRequester(input.requester) {
            return .requesterNotCovered(allowed: describeRequesters(policy.spec.requesters))
        }
        if !input.clusterWide, !policy.matchesNamespace(input.namespace, labels: input.namespaceLabels) {
            return .namespaceNotCovered(allowed: describeNamespaces(policy.spec.namespaces ?? NamespaceSelector()))
        }
        return .roleNotCovered(offered: policy.spec.roles.map(\.description).joined(separator: ", "))
    }

    /// Why `governing` wins over `other`, in the order the engine compares them.
    static func strictness(_ governing: CompiledPolicy, over other: CompiledPolicy) -> String {
        let required = (governing.spec.approval.required, other.spec.approval.required)
        if required.0 != required.1 {
            return "it needs \(approvals(required.0)) against \(required.1)"
        }
        if governing.maxDuration != other.maxDuration {
            return
                "it allows at most \(GoDuration.humanize(governing.maxDuration)) against \(GoDuration.humanize(other.maxDuration))"
        }
        return "its limits are the same and its name sorts first"
    }

    /// `users alice, bob; groups sre; ServiceAccounts ci/deployer`.
    public static func describeRequesters(_ selector: RequesterSelector) -> String {
        var parts: [String] = []
        if let users = selector.users, !users.isEmpty { parts.append("users " + users.joined(separator: ", ")) }
        if let groups = selector.groups, !groups.isEmpty { parts.append("groups " + groups.joined(separator: ", ")) }
        if let accounts = selector.serviceAccounts, !accounts.isEmpty {
            parts.append("ServiceAccounts " + accounts.map { "\($0.namespace)/\($0.name)" }.joined(separator: ", "))
        }
        return parts.isEmpty ? "nobody" : parts.joined(separator: "; ")
    }

    /// `namespaces demo, prod; namespaces labelled env=dev`.
    public static func describeNamespaces(_ selector: NamespaceSelector) -> String {
        var parts: [String] = []
        if let names = selector.names, !names.isEmpty {
            parts.append(names.contains("*") ? "every namespace" : "namespaces " + names.joined(separator: ", "))
        }
        if let labels = selector.selector {
            parts.append("namespaces labelled " + describe(labels))
        }
        return parts.isEmpty ? "no namespace" : parts.joined(separator: "; ")
    }

    /// `env=dev, tier notin (critical)`, as `kubectl get -l` writes selectors.
    public static func describe(_ selector: LabelSelector) -> String {
        var parts = (selector.matchLabels ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        for requirement in selector.matchExpressions ?? [] {
            let values = (requirement.values ?? []).joined(separator: ",")
            switch requirement.operator {
            case .in: parts.append("\(requirement.key) in (\(values))")
            case .notIn: parts.append("\(requirement.key) notin (\(values))")
            case .exists: parts.append(requirement.key)
            case .doesNotExist: parts.append("!\(requirement.key)")
            }
        }
        return parts.isEmpty ? "(any)" : parts.joined(separator: ", ")
    }

    /// `1 approval`, `2 approvals`, `no approval`.
    static func approvals(_ count: Int) -> String {
        count == 0 ? "no approval" : count == 1 ? "1 approval" : "\(count) approvals"
    }
}

/// What one AccessPolicy had to do with a request.
public struct PolicyCandidate: Hashable, Sendable, CustomStringConvertible {
    /// The ways a policy can relate to a request, each with what a person needs to see.
    public enum Verdict: Hashable, Sendable {
        /// The strictest matching policy: its limits apply in full.
        case governs
        /// It matches too, but `than` is stricter, for the reason given.
        case lessStrict(than: String, because: String)
        /// Its scope is not the request's: a Cluster policy for a namespaced request, or the reverse.
        case scopeNotCovered(AccessPolicyScope)
        /// It does not cover the requester; `allowed` says whom it does cover.
        case requesterNotCovered(allowed: String)
        /// It covers the requester but not the namespace; `allowed` says where it applies.
        case namespaceNotCovered(allowed: String)
        /// It covers requester and namespace but not the role; `offered` lists its roles.
        case roleNotCovered(offered: String)
        /// It failed validation and grants nothing.
        case invalid(_ field: String, _ problem: String)
    }

    /// The AccessPolicy's name.
    public var policy: String
    /// How it relates to the request.
    public var verdict: Verdict

    /// Creates the verdict of one policy.
    public init(policy: String, verdict: Verdict) {
        self.policy = policy
        self.verdict = verdict
    }

    /// One clause after the policy's name: `does not cover the requester (it allows groups sre)`.
    public var reason: String {
        switch verdict {
        case .governs: "governs: the strictest policy that matches"
        case .lessStrict(let than, let because): "matches too, but \"\(than)\" is stricter: \(because)"
        case .scopeNotCovered(.cluster): "governs ClusterAccessRequests only (scope Cluster)"
        case .scopeNotCovered(.namespaced): "governs namespaced AccessRequests only (scope Namespaced)"
        case .requesterNotCovered(let allowed): "does not cover the requester (it allows \(allowed))"
        case .namespaceNotCovered(let allowed): "does not cover the namespace (it applies to \(allowed))"
        case .roleNotCovered(let offered): "does not offer the role (it offers \(offered))"
        case .invalid(let field, let problem): "is invalid and grants nothing: \(field): \(problem)"
        }
    }

    /// `AccessPolicy "x" does not offer the role (it offers ClusterRole/view)`.
    public var description: String { "AccessPolicy \"\(policy)\" \(reason)" }
}
