import DrawbridgeAPI
import DrawbridgeCore
import Foundation

/// Who may delete an AccessRequest. Deleting a granted request ends the grant (its finalizer revokes
/// the binding), and Kubernetes RBAC cannot say "your own": whoever may delete AccessRequests in a
/// namespace could end anyone's grant there. So the validating webhook allows a DELETE only from
/// - the requester, except a break-glass request while its policy's cooldown counts it (deleting it
///   would let them break glass again at once; they can still Revoke it);
/// - an approver under the governing policy (who could Revoke it anyway);
/// - a holder of `delete` on `accessrequests/force` in its namespace, asked of the API server with a
///   SubjectAccessReview (cluster admins, the `drawbridge-admin` ClusterRole, the namespace and
///   garbage collectors, which hold `delete` on every resource).
///
/// Only the last needs the API server, so the rules stay pure: the caller of `review` asks the
/// question `forceDeleteQuestion` names, when it names one, and passes the answer in.
extension AccessRequestAdmission {
    /// The subresource whose `delete` permission lets anyone delete any AccessRequest it covers.
    public static let forceDeleteSubresource = "force"

    /// Whether the caller holds `delete` on `accessrequests/force` for one request: what the webhook
    /// asks the API server in a SubjectAccessReview.
    public struct ForceDeleteQuestion: Hashable, Sendable {
        /// The caller, as admission saw them (groups and extra included: RBAC may depend on them).
        public var user: AdmissionRequest.UserInfo
        /// Empty for a ClusterAccessRequest.
        public var namespace: String
        public var name: String
        /// `accessrequests` or `clusteraccessrequests`.
        public var resource: String

        /// The question for `user` deleting request `namespace`/`name` (of `resource`).
        public init(
            user: AdmissionRequest.UserInfo, namespace: String, name: String,
            resource: String = AccessRequestAdmission.resource
        ) {
            self.user = user
            self.namespace = namespace
            self.name = name
            self.resource = resource
        }
    }

    /// What the API server answered to a `ForceDeleteQuestion`.
    public enum PermissionAnswer: Hashable, Sendable {
        /// Nobody asked (the caller needs no permission, or no API server is at hand): not granted.
        case notAsked
        case allowed
        case denied
        /// The question could not be asked or answered; carries why.
        case failed(String)
    }

    /// The question to ask before deciding `request`, when the answer depends on it: a DELETE of an
    /// AccessRequest by someone who is neither its requester nor an approver under its policy.
    public func forceDeleteQuestion(_ request: AdmissionRequest, as webhook: Webhook, now: Date) -> ForceDeleteQuestion?
    {
        guard webhook == .validating, request.operation == .delete, Self.judges(request.resource),
            request.subResource.map(\.isEmpty) ?? true,
            let old = request.oldObject, let stored = try? Self.decodeRequest(old, "oldObject")
        else { return nil }
        if case .allowed = deletionRight(of: request.userInfo, on: stored, now: now) { return nil }
        return ForceDeleteQuestion(
            user: request.userInfo, namespace: stored.isClusterWide ? "" : stored.metadata.namespace ?? "",
            name: stored.metadata.name ?? request.name ?? "", resource: request.resource.resource)
    }

    /// The same question, for a whole AdmissionReview as received on the wire.
    public func forceDeleteQuestion(_ review: JSONValue, as webhook: Webhook, now: Date) -> ForceDeleteQuestion? {
        guard review[path: ["request", "operation"]]?.stringValue == "DELETE",
            let request = try? review["request"]?.decode(as: AdmissionRequest.self)
        else { return nil }
        return forceDeleteQuestion(request, as: webhook, now: now)
    }

    /// Why the caller may or may not delete `stored` without the force permission.
    enum DeletionRight {
        case allowed
        /// Neither requester nor approver; carries who may, for the refusal.
        case needsForce(who: String)
        /// The requester of a break-glass grant its policy's cooldown still counts; carries until
        /// when, the policy, and who may delete it meanwhile.
        case heldForCooldown(until: KubeTime, policy: String, who: String)
        /// Policies are still loading, so whether the caller is an approver is unknown.
        case unknown
    }

    func deletionRight(of user: AdmissionRequest.UserInfo, on stored: AccessRequest, now: Date) -> DeletionRight {
        let requester = stored.spec.requester?.username
        let isRequester = requester != nil && requester == user.username
        if isRequester, stored.spec.breakGlass != true { return .allowed }
        let requesterText = requester.map { "its requester (\($0))" } ?? "its requester"
        guard let policies else { return isRequester ? .allowed : .needsForce(who: requesterText) }
        guard policies.isReady() else { return .unknown }
        if isRequester {
            guard case .allowed(let terms) = policies.evaluate(stored, mode: .liveGrant),
                let until = RequesterHistory.cooldownHold(of: stored, under: terms), now < until.date
            else { return .allowed }
            return .heldForCooldown(
                until: until, policy: terms.policy,
                who: "an approver under AccessPolicy \"\(terms.policy)\" (\(terms.approvers))")
        }
        guard let (policy, approvers) = governingApprovers(of: stored, in: policies) else {
            return .needsForce(who: "\(requesterText) (no AccessPolicy governs it now)")
        }
        if approvers.matches(user: user.username, groups: user.groups ?? []) { return .allowed }
        return .needsForce(who: "\(requesterText), an approver under AccessPolicy \"\(policy)\" (\(approvers))")
    }

    /// The governing policy's name and approvers: the policy the engine picks for the request as a
    /// live grant (its requested duration no longer matters), else the valid policy its status names.
    func governingApprovers(of stored: AccessRequest, in lookup: PolicyLookup) -> (String, ApproverMatcher)? {
        ReviewEligibility.governingApprovers(
            of: stored, evaluate: { lookup.evaluate(stored, mode: $0) }, policies: lookup.policies())
    }

    /// DELETE: allowed for the requester, an approver under the governing policy, or a holder of
    /// `delete` on `accessrequests/force` (`forceDelete`, as the API server answered).
    func validateDelete(_ request: AdmissionRequest, forceDelete: PermissionAnswer, now: Date) throws {
        let user = try authenticatedUser(request)
        guard let old = request.oldObject else { throw AdmissionDenial.badRequest("a delete needs oldObject") }
        let stored = try Self.decodeRequest(old, "oldObject")
        let right = deletionRight(of: user, on: stored, now: now)
        if case .allowed = right { return }
        let target = stored.displayName
        let resource = stored.isClusterWide ? Self.clusterResource : Self.resource
        let permission = "delete on \(resource)/\(Self.forceDeleteSubresource)"
        let scope = stored.isClusterWide ? "cluster-wide" : "in namespace \"\(stored.metadata.namespace ?? "")\""
        switch forceDelete {
        case .allowed:
            return
        case .failed(let why):
            throw AdmissionDenial.unavailable(
                "could not ask the API server whether \(user.username) holds \(permission): \(why); try again")
        case .denied, .notAsked:
            switch right {
            case .allowed: return
            case .unknown: throw AdmissionDenial.unavailable(Self.notReadyMessage)
            case .needsForce(let who):
                throw AdmissionDenial.forbidden(
                    "\(user.username) may not delete \(target): only \(who), or a holder of \(permission) \(scope), may delete it"
                )
            case .heldForCooldown(let until, let policy, let who):
                throw AdmissionDenial.forbidden(
                    "\(user.username) may not delete \(target) before \(until): it records breaking glass, which AccessPolicy \"\(policy)\" counts until then toward its cooldown; Revoke it to end the access, or ask \(who), or a holder of \(permission) \(scope), to delete it"
                )
            }
        }
    }
}
