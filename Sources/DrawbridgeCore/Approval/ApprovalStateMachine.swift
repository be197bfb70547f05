import DrawbridgeAPI
import Foundation

/// The approval state machine of design.md, as one pure function.
///
/// ```
/// (new) --invalid / no policy--> Rejected      Pending --valid Deny--> Denied
/// (new) --0 approvals needed--> Approved       Pending --timeout--> TimedOut
/// (new) --> Pending --enough approvals--> Approved --binding in place--> Active
/// Active --now >= expiresAt--> Expired         Active --Revoke / policy withdrawn--> Revoked
/// ```
/// Terminal phases never move and never keep a binding. A valid Revoke also withdraws a request that
/// is still Pending or Approved.
public enum ApprovalStateMachine {
    /// Everything one evaluation needs; time comes in, nothing is read from the system.
    public struct Input {
        public var request: AccessRequest
        public var policies: PolicySet
        /// Labels of the request's Namespace (for label-selected policies).
        public var namespaceLabels: [String: String]
        /// Effective rules of the requested role; nil when it could not be read.
        public var roleRules: [PolicyRule]?
        public var binding: BindingState
        /// The `drawbridge.dev/expires-at` annotation of the observed binding: the earlier expiry wins.
        public var bindingExpiresAt: KubeTime?
        public var now: Date
        /// False for records whose signature does not verify; such records count for nothing.
        public var isAuthentic: (ApprovalRecord) -> Bool
        /// False when `spec.requester`'s signature does not verify: the request (or its spec) did not
        /// pass through the webhook, so nobody vouches for who asked. Fails closed.
        public var isRequesterAuthentic: Bool

        public init(
            request: AccessRequest, policies: PolicySet, namespaceLabels: [String: String] = [:],
            roleRules: [PolicyRule]? = nil, binding: BindingState, bindingExpiresAt: KubeTime? = nil, now: Date,
            isAuthentic: @escaping (ApprovalRecord) -> Bool, isRequesterAuthentic: Bool
        ) {
            self.request = request
            self.policies = policies
            self.namespaceLabels = namespaceLabels
            self.roleRules = roleRules
            self.binding = binding
            self.bindingExpiresAt = bindingExpiresAt
            self.now = now
            self.isAuthentic = isAuthentic
            self.isRequesterAuthentic = isRequesterAuthentic
        }

        /// What the policy engine needs, taken from the request.
        func policyInput() -> PolicyInput {
            PolicyInput(
                requester: request.spec.requester ?? UserIdentity(username: ""),
                namespace: request.metadata.namespace ?? "", namespaceLabels: namespaceLabels,
                role: request.spec.role, duration: request.spec.duration, reason: request.spec.reason,
                roleRules: roleRules)
        }
    }

    /// Computes the next status and the actions for `input`.
    public static func evaluate(_ input: Input) -> ApprovalOutcome {
        let phase = input.request.status?.phase
        var step = ApprovalStep(input: input)
        switch phase {
        case nil: step.evaluateNew()
        case .pending: step.evaluatePending()
        case .approved, .active: step.evaluateGranted()
        case .rejected, .denied, .timedOut, .expired, .revoked: step.evaluateTerminal()
        }
        return step.outcome(from: phase)
    }
}
