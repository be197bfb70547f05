import DrawbridgeAPI

/// An AccessPolicy whose durations and pattern have been parsed once, so that evaluation cannot fail
/// half-way and an invalid policy is recognised up front (it grants nothing, and blocks the requests
/// it covers: see `InvalidPolicy`).
public struct CompiledPolicy: Sendable {
    /// Used when a policy gives no approval timeout.
    public static let defaultApprovalTimeout: Duration = .seconds(3600)

    public let name: String
    public let spec: AccessPolicySpec
    public let maxDuration: Duration
    public let defaultDuration: Duration
    public let approvalTimeout: Duration
    public let approvers: ApproverMatcher
    /// `spec.reasonPattern`, compiled (once per policy text, shared process-wide).
    public let reasonPattern: CompiledPattern?
    /// Extensions, break-glass, scheduled starts and limits, compiled.
    public let lifecycle: LifecycleTerms

    /// Validates `policy`; the error message names the field, e.g.
    /// `AccessPolicy "x" is invalid: spec.maxDuration: invalid duration "1d": ...`.
    public static func compile(_ policy: AccessPolicy) -> Result<CompiledPolicy, PolicyInvalid> {
        let name = policy.name
        let spec = policy.spec
        func invalid(_ field: String, _ problem: String) -> Result<CompiledPolicy, PolicyInvalid> {
            .failure(PolicyInvalid(policy: name, field: field, problem: problem))
        }
        func duration(_ text: String, _ field: String) -> Result<Duration, PolicyInvalid> {
            do {
                let value = try GoDuration.parse(text)
                guard value >= .seconds(1) else {
                    return .failure(PolicyInvalid(policy: name, field: field, problem: "must be at least 1s"))
                }
                return .success(value)
            } catch {
                return .failure(PolicyInvalid(policy: name, field: field, problem: error.description))
            }
        }
        let maxDuration: Duration
        switch duration(spec.maxDuration, "spec.maxDuration") {
        case .success(let value): maxDuration = value
        case .failure(let error): return .failure(error)
        }
        var defaultDuration = maxDuration
        if let text = spec.defaultDuration {
            switch duration(text, "spec.defaultDuration") {
            case .success(let value): defaultDuration = value
            case .failure(let error): return .failure(error)
            }
            guard defaultDuration <= maxDuration else {
                return invalid("spec.defaultDuration", "\(text) exceeds spec.maxDuration \(spec.maxDuration)")
            }
        }
        var timeout = defaultApprovalTimeout
        if let text = spec.approval.timeout {
            switch duration(text, "spec.approval.timeout") {
            case .success(let value): timeout = value
            case .failure(let error): return .failure(error)
            }
        }
        guard spec.approval.required >= 0 else {
            return invalid("spec.approval.required", "must be 0 or more")
        }
        let approvers = ApproverMatcher(spec.approval.approvers)
        if spec.approval.required > 0, approvers.users.isEmpty, approvers.groups.isEmpty {
            return invalid(
                "spec.approval.approvers", "must name at least one user or group when approvals are required")
        }
        if approvers.groups.isEmpty, spec.approval.required > approvers.users.count {
            return invalid(
                "spec.approval.required",
                "\(spec.approval.required) approvals can never be reached by the \(approvers.users.count) listed users")
        }
        var reasonPattern: CompiledPattern?
        if let pattern = spec.reasonPattern {
            guard case .success(let compiled) = CompiledPattern.cached(pattern) else {
                return invalid("spec.reasonPattern", "invalid regular expression \"\(pattern)\"")
            }
            reasonPattern = compiled
        }
        for (index, role) in spec.roles.enumerated() where !RoleReference.supportedKinds.contains(role.kind) {
            return invalid(
                "spec.roles[\(index)].kind",
                "Unsupported value \"\(role.kind)\": supported values: \"Role\", \"ClusterRole\"")
        }
        if let (field, problem) = contradiction(in: spec) { return invalid(field, problem) }
        if let limit = spec.maxActivePerRequester, limit < 1 {
            return invalid("spec.maxActivePerRequester", "must be at least 1, not \(limit)")
        }
        if let (field, problem) = NotificationRouting.problem(in: spec.notify) { return invalid(field, problem) }
        let lifecycle: LifecycleTerms
        switch Self.lifecycle(
            spec, policy: name, maxDuration: maxDuration, approvalTimeout: timeout, approvers: approvers)
        {
        case .success(let value): lifecycle = value
        case .failure(let error): return .failure(error)
        }
        return .success(
            CompiledPolicy(
                name: name, spec: spec, maxDuration: maxDuration, defaultDuration: defaultDuration,
                approvalTimeout: timeout, approvers: approvers, reasonPattern: reasonPattern, lifecycle: lifecycle))
    }

    /// True when the policy covers this requester, namespace and role (limits are checked afterwards).
    public func matches(_ input: PolicyInput) -> Bool {
        PolicyScope.covers(spec, input)
    }

    /// True when the policy speaks for this requester (explanations say which part did not match).
    func matchesRequester(_ identity: UserIdentity) -> Bool {
        PolicyScope.coversRequester(spec.requesters, identity)
    }

    /// True when the policy speaks for this namespace.
    func matchesNamespace(_ namespace: String, labels: [String: String]) -> Bool {
        spec.effectiveScope == .namespaced
            && PolicyScope.coversNamespace(spec.namespaces ?? NamespaceSelector(), namespace, labels: labels)
    }
}

/// An AccessPolicy that cannot be used, and why. Invalid policies grant nothing, and refuse every
/// request they cover (see `InvalidPolicy`).
public struct PolicyInvalid: Error, Hashable, Sendable, CustomStringConvertible {
    public var policy: String
    public var field: String
    public var problem: String

    public var description: String { "AccessPolicy \"\(policy)\" is invalid: \(field): \(problem)" }
}
