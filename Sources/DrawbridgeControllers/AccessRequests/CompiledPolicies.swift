import DrawbridgeAPI
import DrawbridgeCore
import Synchronization

/// The compiled `PolicySet` for the policies in a cache, rebuilt only when one of them changes:
/// reconciles are many, policies change rarely, and compiling validates every duration and regular
/// expression.
public final class CompiledPolicies: Sendable {
    /// `defaults` apply where a policy says nothing (the controller's flags).
    public init(defaults: PolicyDefaults = PolicyDefaults()) {
        self.defaults = defaults
    }

    private let defaults: PolicyDefaults

    private let state = Mutex<(versions: [String], set: PolicySet)?>(nil)

    /// The set for `policies`, reusing the last one when no name or resourceVersion changed.
    public func set(for policies: [AccessPolicy]) -> PolicySet {
        let versions = policies.map { "\($0.metadata.name ?? "")@\($0.metadata.resourceVersion ?? "")" }
        if let cached = state.withLock({ $0 }), cached.versions == versions { return cached.set }
        let set = PolicySet(policies, defaults: defaults)
        state.withLock { $0 = (versions, set) }
        return set
    }
}
