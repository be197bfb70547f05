import DrawbridgeAPI
import Foundation

/// Everything one plan is decided from, as the reconciler gathered it: the request (or why there is
/// none), its binding, what the policy lookup and the identity verifier say, and the time. Nothing
/// here is read from the system.
public struct PlanInput: Sendable {
    /// The request as observed.
    public enum Request: Sendable {
        /// The request, deletion timestamp, finalizers and status included.
        case present(AccessRequest)
        /// No request by that key exists; `strays` are managed bindings that still claim it.
        case absent(ObjectKey, strays: [RoleBinding])
        /// The request exists but does not decode.
        case unreadable(UnreadableRequest)
    }

    public var request: Request
    /// The binding named after the request (ignored unless the request is present).
    public var binding: ObservedBinding
    public var policies: PolicySet
    /// Labels of the request's Namespace (for label-selected policies).
    public var namespaceLabels: [String: String]
    /// Effective rules of the requested role; nil when unknown (or not needed by any policy).
    public var roleRules: [PolicyRule]?
    public var now: Date
    /// False for records whose signature does not verify: they count for nothing.
    public var isAuthentic: @Sendable (ApprovalRecord) -> Bool
    /// False when `spec.requester`'s signature does not verify: nobody vouches for who asked.
    public var isRequesterAuthentic: Bool
    /// The API server's reason for refusing the controller's last attempt to create the binding
    /// (RBAC escalation prevention), so the plan can say so in status instead of retrying blindly.
    public var bindingRefusal: String?
    /// The requester's other requests, for a request not decided yet (break-glass cooldown, the cap
    /// on unfinished requests); empty otherwise, since nothing later depends on them.
    public var requesterRequests: [RequestSummary] = []

    public init(
        request: Request, binding: ObservedBinding = .absent, policies: PolicySet,
        namespaceLabels: [String: String] = [:], roleRules: [PolicyRule]? = nil, now: Date,
        isAuthentic: @escaping @Sendable (ApprovalRecord) -> Bool, isRequesterAuthentic: Bool,
        bindingRefusal: String? = nil
    ) {
        self.request = request
        self.binding = binding
        self.policies = policies
        self.namespaceLabels = namespaceLabels
        self.roleRules = roleRules
        self.now = now
        self.isAuthentic = isAuthentic
        self.isRequesterAuthentic = isRequesterAuthentic
        self.bindingRefusal = bindingRefusal
    }
}

/// A request that exists but cannot be decoded: what could still be read of it.
public struct UnreadableRequest: Hashable, Sendable {
    public var key: ObjectKey
    public var uid: String?
    /// `status.phase` as written, if any: one that has a phase was answered before.
    public var phase: String?
    /// Why it does not decode.
    public var error: String

    public init(key: ObjectKey, uid: String?, phase: String?, error: String) {
        self.key = key
        self.uid = uid
        self.phase = phase
        self.error = error
    }
}
