import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeCore
import Foundation
import KubeClient

/// Gathers what the planner needs about one request: the request and its binding (from the
/// informer caches, with the controller's own recent writes laid over them, or live from the API
/// server after a conflict), the policies, the namespace's labels, the role's rules and what the
/// identity verifier says. Reading its own writes is the gatherer's job, so one pass plans once.
struct AccessRequestGatherer: Sendable {
    let client: KubeClient
    let caches: GrantCaches
    let policyLookup: PolicyLookup
    let identity: IdentityVerifier
    let now: @Sendable () -> Date
    var store: GrantStore { GrantStore(client: client) }
    let requestWrites = RecentWrites<AccessRequest>()
    let bindingWrites = RecentWrites<RoleBinding>()

    /// Where the request and its binding are read from.
    enum Source {
        /// The informer caches plus our own writes they have not shown yet: the usual, free case.
        case caches
        /// The API server: after a conflict showed the caches are behind.
        case live
    }

    /// The planner's input for `key`.
    func gather(_ key: ObjectKey, from source: Source) async throws -> PlanInput {
        let observed: PlanInput.Request
        var binding = ObservedBinding.absent
        switch source {
        case .caches:
            observed = cachedRequest(key)
            if case .present(let request) = observed { binding = cachedBinding(of: request) }
        case .live:
            observed = try await liveRequest(key)
            if case .present(let request) = observed {
                let live = try await store.binding(GrantBinding.bindingName(for: request), namespace: key.namespace)
                binding = ObservedBinding.observe(live, for: request)
            }
        }
        let policies = policyLookup.policies()
        guard case .present(let request) = observed else {
            return PlanInput(
                request: observed, policies: policies, now: now(), isAuthentic: { _ in false },
                isRequesterAuthentic: false)
        }
        let context = policyLookup.input(for: request, policies: policies)
        let identity = identity
        var input = PlanInput(
            request: observed, binding: binding, policies: policies, namespaceLabels: context.namespaceLabels,
            roleRules: context.roleRules, now: now(), isAuthentic: { identity.approval($0, request) },
            isRequesterAuthentic: identity.requester(request))
        // Only a request not decided yet is judged against the requester's other requests, and only
        // when some policy (or the cluster default) makes them matter.
        if request.status?.phase == nil, policies.judgesRequesterHistory,
            let requester = request.spec.requester?.username
        {
            input.requesterRequests = policyLookup.requesterRequests(requester).filter {
                $0.uid != request.metadata.uid
            }
        }
        return input
    }

    func cachedRequest(_ key: ObjectKey) -> PlanInput.Request {
        if let request = requestWrites.view(key, cached: caches.request(key)) { return .present(request) }
        requestWrites.forget(key)
        if let broken = caches.undecodableRequest(key) { return .unreadable(Self.unreadable(broken)) }
        let strays = caches.bindings(ofRequest: key).filter { bindingWrites.view($0.key, cached: $0) != nil }
        return .absent(key, strays: strays)
    }

    func cachedBinding(of request: AccessRequest) -> ObservedBinding {
        let key = ObjectKey(namespace: request.metadata.namespace, name: GrantBinding.bindingName(for: request))
        if let binding = bindingWrites.view(key, cached: caches.binding(key)) {
            return ObservedBinding.observe(binding, for: request)
        }
        return caches.undecodableBinding(key) == nil ? .absent : .unknown
    }

    func liveRequest(_ key: ObjectKey) async throws -> PlanInput.Request {
        do {
            if let request = try await store.request(key) { return .present(request) }
        } catch let error as DecodingFailure {
            // It exists but does not decode: as the cache would show it.
            if let broken = caches.undecodableRequest(key) { return .unreadable(Self.unreadable(broken)) }
            throw error
        }
        return .absent(key, strays: try await store.bindings(ofRequest: key))
    }

    static func unreadable(_ broken: UndecodableObject) -> UnreadableRequest {
        UnreadableRequest(
            key: broken.key, uid: broken.raw["metadata"]?["uid"]?.stringValue,
            phase: broken.raw["status"]?["phase"]?.stringValue, error: broken.error)
    }

    // MARK: Own writes

    /// Remembers that our write took the request at `key` from `replaced` to `written`.
    func wrote(_ written: AccessRequest, replacing replaced: AccessRequest) {
        requestWrites.remember(replaced.key, replaced: replaced, written: written)
    }

    /// Remembers that our write took the binding at `key` from `replaced` to `written` (nil: deleted).
    func wrote(binding key: ObjectKey, replacing replaced: RoleBinding?, with written: RoleBinding?) {
        bindingWrites.remember(key, replaced: replaced, written: written)
    }

    /// True when the caches show every write of ours (none is still laid over them).
    var hasNoUnseenWrites: Bool { requestWrites.isEmpty && bindingWrites.isEmpty }

    /// Called after the informer updated `key` in its cache: once the cache shows our own write (or a
    /// later one) the remembered write is dropped, so a deletion that follows is seen as one.
    func cacheChanged(request key: ObjectKey) {
        _ = requestWrites.view(key, cached: caches.request(key))
    }

    /// As `cacheChanged(request:)`, for a managed RoleBinding.
    func cacheChanged(binding key: ObjectKey) {
        _ = bindingWrites.view(key, cached: caches.binding(key))
    }
}
