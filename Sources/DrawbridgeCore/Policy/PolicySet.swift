import DrawbridgeAPI

/// All AccessPolicies, compiled once, so that evaluating thousands of requests never re-parses
/// durations or patterns. Invalid policies are kept aside: they grant nothing but are named in messages.
public struct PolicySet: Sendable {
    public let valid: [CompiledPolicy]
    public let invalid: [PolicyInvalid]

    /// Compiles every policy; never throws (an invalid policy is just unusable).
    public init(_ policies: [AccessPolicy]) {
        var valid: [CompiledPolicy] = []
        var invalid: [PolicyInvalid] = []
        for policy in policies {
            switch CompiledPolicy.compile(policy) {
            case .success(let value): valid.append(value)
            case .failure(let error): invalid.append(error)
            }
        }
        self.valid = valid
        self.invalid = invalid
    }
}
