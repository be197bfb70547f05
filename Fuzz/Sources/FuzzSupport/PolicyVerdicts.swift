import DrawbridgeAPI
import DrawbridgeCore

/// What every verdict of the policy engine must satisfy, whatever the policies and the request: an
/// allowed request is governed by a policy that compiles, and gets a duration between 1s and that
/// policy's maximum. A broken policy never grants (fail closed).
public func checkVerdict(_ decision: PolicyDecision, policies: [AccessPolicy]) {
    guard case .allowed(let terms) = decision else { return }
    let governing = policies.filter { $0.name == terms.policy }
    invariant(!governing.isEmpty, "allowed by \"\(terms.policy)\", which is not one of the policies")
    invariant(
        governing.contains { if case .success = CompiledPolicy.compile($0) { true } else { false } },
        "allowed by \"\(terms.policy)\", which does not compile")
    invariant(terms.duration >= .seconds(1), "granted \(terms.duration), less than 1s")
    invariant(terms.duration <= terms.maxDuration, "granted \(terms.duration), over the maximum \(terms.maxDuration)")
    invariant(terms.requiredApprovals >= 0, "\(terms.requiredApprovals) approvals required")
}
