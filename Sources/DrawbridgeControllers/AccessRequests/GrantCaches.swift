import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeCore
import Foundation

/// The informer caches the AccessRequest reconciler reads: it never lists from the API server while
/// reconciling, so a reconcile costs no reads in the common case.
public struct GrantCaches: Sendable {
    public let requests: ResourceCache<AccessRequest>
    public let policies: ResourceCache<AccessPolicy>
    /// Only RoleBindings labelled `app.kubernetes.io/managed-by=drawbridge`.
    public let bindings: ResourceCache<RoleBinding>
    public let namespaces: ResourceCache<Namespace>
    public let clusterRoles: ResourceCache<ClusterRole>
    public let roles: ResourceCache<Role>

    public init(
        requests: ResourceCache<AccessRequest>, policies: ResourceCache<AccessPolicy>,
        bindings: ResourceCache<RoleBinding>, namespaces: ResourceCache<Namespace>,
        clusterRoles: ResourceCache<ClusterRole>, roles: ResourceCache<Role>
    ) {
        self.requests = requests
        self.policies = policies
        self.bindings = bindings
        self.namespaces = namespaces
        self.clusterRoles = clusterRoles
        self.roles = roles
    }

    /// A `PolicyLookup` over these caches, compiling policies through `compiled`.
    public func policyLookup(compiled: CompiledPolicies, isReady: @escaping @Sendable () -> Bool) -> PolicyLookup {
        let policies = self.policies
        let namespaces = self.namespaces
        let roles = self.roles
        let clusterRoles = self.clusterRoles
        return PolicyLookup(
            isReady: isReady, policies: { compiled.set(for: policies.list()) },
            namespaceLabels: { namespaces.get(ObjectKey(namespace: nil, name: $0))?.metadata.labels ?? [:] },
            roleRules: { role, namespace in
                EffectiveRules.of(
                    role, namespace: namespace, roles: roles.list(namespace: namespace),
                    clusterRoles: clusterRoles.list())
            }, requesterRequests: requests(by:))
    }

    /// Every request by `requester`, summarised (break-glass cooldown, the cap on unfinished
    /// requests): one pass over the cache, made only for requests not decided yet and at admission.
    @Sendable func requests(by requester: String) -> [RequestSummary] {
        requests.list().filter { $0.spec.requester?.username == requester }.map(RequestSummary.init)
    }

    /// Requests not in a terminal phase, and break-glass grants still waiting for their review: the
    /// ones a policy or role change, or the passing of time, may affect.
    func unfinishedRequests() -> [ObjectKey] {
        requests.list().filter(Self.isUnfinished).map(\.key)
    }

    /// As `unfinishedRequests()`, in one namespace.
    func unfinishedRequests(in namespace: String) -> [ObjectKey] {
        requests.list(namespace: namespace).filter(Self.isUnfinished).map(\.key)
    }

    static func isUnfinished(_ request: AccessRequest) -> Bool {
        guard request.status?.phase?.isTerminal == true else { return true }
        return request.spec.breakGlass == true
            && request.status?.conditions?[type: .reviewPending]?.status == .true
    }

    /// Granted requests whose `expiresAt` has passed, soonest first: a controller that was down
    /// revokes what expired meanwhile before anything else.
    func overdueGrants(at now: Date) -> [ObjectKey] {
        requests.list().compactMap { request -> (ObjectKey, Date)? in
            guard let phase = request.status?.phase, phase == .active || phase == .approved,
                let expiresAt = request.status?.expiresAt?.date, expiresAt <= now
            else { return nil }
            return (request.key, expiresAt)
        }.sorted { $0.1 < $1.1 }.map(\.0)
    }

    /// Managed bindings that say they belong to the request at `key`.
    func bindings(ofRequest key: ObjectKey) -> [RoleBinding] {
        bindings.list(namespace: key.namespace ?? "").filter {
            $0.metadata.labels?[Drawbridge.Keys.request] == key.name
        }
    }
}
