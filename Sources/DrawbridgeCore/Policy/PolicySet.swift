import DrawbridgeAPI

/// All AccessPolicies, compiled once, so that evaluating thousands of requests never re-parses
/// durations or patterns. Invalid policies are kept aside with their scope: they grant nothing,
/// refuse the requests they cover, and are named in messages.
public struct PolicySet: Sendable {
    public let valid: [CompiledPolicy]
    /// The policies that failed validation, in the order given.
    public let invalidPolicies: [InvalidPolicy]
    /// What applies where a policy says nothing (the controller's flags).
    public let defaults: PolicyDefaults

    /// What is wrong with each invalid policy.
    public var invalid: [PolicyInvalid] { invalidPolicies.map(\.problem) }

    /// Whether any verdict can depend on a requester's other requests (a cap on unfinished requests
    /// or a break-glass cooldown). When none can, callers skip reading them (the requester's own
    /// requests, from the controller's index by requester, once per undecided request).
    public var judgesRequesterHistory: Bool {
        defaults.maxActivePerRequester != nil
            || valid.contains { $0.spec.maxActivePerRequester != nil || $0.spec.breakGlass?.cooldown != nil }
    }

    /// Compiles every policy; never throws (an invalid policy is just unusable).
    public init(_ policies: [AccessPolicy], defaults: PolicyDefaults = PolicyDefaults()) {
        var valid: [CompiledPolicy] = []
        var invalid: [InvalidPolicy] = []
        for policy in policies {
            switch CompiledPolicy.compile(policy) {
            case .success(let value): valid.append(value)
            case .failure(let error): invalid.append(InvalidPolicy(problem: error, spec: policy.spec))
            }
        }
        self.valid = valid
        self.invalidPolicies = invalid
        self.defaults = defaults
    }
}

/// Cluster-wide settings for what a policy leaves out, given to the controller as flags so one
/// limit covers every policy without editing each.
public struct PolicyDefaults: Hashable, Sendable {
    /// `--max-active-per-requester`: unfinished requests one requester may have at once, for
    /// policies without `maxActivePerRequester`; nil: no limit.
    public var maxActivePerRequester: Int?

    public init(maxActivePerRequester: Int? = nil) {
        self.maxActivePerRequester = maxActivePerRequester
    }
}
