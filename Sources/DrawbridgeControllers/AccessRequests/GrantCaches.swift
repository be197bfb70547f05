import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeCore
import Foundation
import KubeClient

/// The informer caches the AccessRequest reconciler reads: it never lists from the API server while
/// reconciling, so a reconcile costs no reads in the common case.
///
/// ClusterAccessRequests and their ClusterRoleBindings have caches of their own; the accessors below
/// (`request(_:)`, `binding(_:)`, `allRequests()`) serve both kinds as `AccessRequest` and
/// `RoleBinding` values, told apart by the key's namespace (none for the cluster-wide kinds).
public struct GrantCaches: Sendable {
    public let requests: ResourceCache<AccessRequest>
    public let policies: ResourceCache<AccessPolicy>
    /// Only RoleBindings labelled `app.kubernetes.io/managed-by=drawbridge`.
    public let bindings: ResourceCache<RoleBinding>
    public let namespaces: ResourceCache<Namespace>
    public let clusterRoles: ResourceCache<ClusterRole>
    public let roles: ResourceCache<Role>
    /// ClusterAccessRequests (empty when the controller watches one namespace).
    public let clusterRequests: ResourceCache<ClusterAccessRequest>
    /// Only ClusterRoleBindings labelled `app.kubernetes.io/managed-by=drawbridge`.
    public let clusterBindings: ResourceCache<ClusterRoleBinding>
    /// Each requester's requests of both kinds, kept by the request informers' handlers
    /// (`indexRequesters`).
    let requesters = RequesterIndex()

    public init(
        requests: ResourceCache<AccessRequest>, policies: ResourceCache<AccessPolicy>,
        bindings: ResourceCache<RoleBinding>, namespaces: ResourceCache<Namespace>,
        clusterRoles: ResourceCache<ClusterRole>, roles: ResourceCache<Role>,
        clusterRequests: ResourceCache<ClusterAccessRequest> = ResourceCache(),
        clusterBindings: ResourceCache<ClusterRoleBinding> = ResourceCache()
    ) {
        self.clusterRequests = clusterRequests
        self.clusterBindings = clusterBindings
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

    // MARK: Both kinds

    /// The request at `key`: a ClusterAccessRequest when the key has no namespace.
    public func request(_ key: ObjectKey) -> AccessRequest? {
        key.namespace == nil ? clusterRequests.get(key).map(AccessRequest.init) : requests.get(key)
    }

    /// The request at `key` when it is in the cache but does not decode.
    func undecodableRequest(_ key: ObjectKey) -> UndecodableObject? {
        key.namespace == nil ? clusterRequests.undecodable()[key] : requests.undecodable()[key]
    }

    /// The managed binding at `key`: a ClusterRoleBinding (as a RoleBinding value without a
    /// namespace) when the key has no namespace.
    public func binding(_ key: ObjectKey) -> RoleBinding? {
        key.namespace == nil ? clusterBindings.get(key).map(RoleBinding.init) : bindings.get(key)
    }

    /// The managed binding at `key` when it is in the cache but does not decode.
    func undecodableBinding(_ key: ObjectKey) -> UndecodableObject? {
        key.namespace == nil ? clusterBindings.undecodable()[key] : bindings.undecodable()[key]
    }

    /// Every request of both kinds; the cluster-wide ones last.
    public func allRequests() -> [AccessRequest] {
        requests.list() + clusterRequests.list().map(AccessRequest.init)
    }

    /// Every managed binding of both kinds; the ClusterRoleBindings last.
    func allBindings() -> [RoleBinding] {
        bindings.list() + clusterBindings.list().map(RoleBinding.init)
    }

    /// Every request by `requester`, summarised (break-glass cooldown, the cap on unfinished
    /// requests), from the requester index: read only for requests not decided yet and at admission.
    @Sendable func requests(by requester: String) -> [RequestSummary] {
        requesters.keys(of: requester).compactMap(request).filter { $0.spec.requester?.username == requester }
            .map(RequestSummary.init)
    }

    /// Keeps the requester index from the request informers' changes (both kinds); every change,
    /// the first list included, goes through these handlers before anyone reads the index.
    func indexRequesters(requests: Informer<AccessRequest>, clusterRequests: Informer<ClusterAccessRequest>) {
        let index = requesters
        requests.addHandler { index.apply($0) { $0.spec.requester?.username } }
        clusterRequests.addHandler { index.apply($0) { $0.spec.requester?.username } }
    }

    /// Requests not in a terminal phase, and break-glass grants still waiting for their review: the
    /// ones a policy or role change, or the passing of time, may affect.
    func unfinishedRequests() -> [ObjectKey] {
        allRequests().filter(Self.isUnfinished).map(\.key)
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
        allRequests().compactMap { request -> (ObjectKey, Date)? in
            guard let phase = request.status?.phase, phase == .active || phase == .approved,
                let expiresAt = request.status?.expiresAt?.date, expiresAt <= now
            else { return nil }
            return (request.key, expiresAt)
        }.sorted { $0.1 < $1.1 }.map(\.0)
    }

    /// Managed bindings that say they belong to the request at `key`.
    func bindings(ofRequest key: ObjectKey) -> [RoleBinding] {
        let candidates =
            key.namespace.map { bindings.list(namespace: $0) } ?? clusterBindings.list().map(RoleBinding.init)
        return candidates.filter {
            $0.metadata.labels?[Drawbridge.Keys.request] == key.name
        }
    }
}
