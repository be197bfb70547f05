import DrawbridgeAPI

/// An AccessPolicy that failed validation, kept with what can still be read of it: whom, where and
/// which roles it is about.
///
/// It grants nothing. It also refuses every request it covers, so that no other policy governs
/// them: a typo in a strict policy must not hand its requests to a laxer one that happens to
/// overlap (a request waiting for two approvals would otherwise be auto-approved the moment the
/// strict policy broke). Nothing about an invalid policy's own limits can be trusted, so the only
/// terms that cannot be wider than its author meant are none.
public struct InvalidPolicy: Sendable {
    /// What is wrong with it, naming the field.
    public let problem: PolicyInvalid
    /// The spec as written, for its scope.
    public let spec: AccessPolicySpec

    /// The policy's name.
    public var name: String { problem.policy }

    public init(problem: PolicyInvalid, spec: AccessPolicySpec) {
        self.problem = problem
        self.spec = spec
    }

    /// True when the policy, as written, covers this requester, namespace and role.
    public func covers(_ input: PolicyInput) -> Bool {
        PolicyScope.covers(spec, input)
    }
}
