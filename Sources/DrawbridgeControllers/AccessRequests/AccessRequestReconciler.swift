import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeCore
import Foundation
import KubeClient
import Logging

/// Reconciles one AccessRequest: gather → plan once → carry the plan out in its order.
///
/// The gatherer reads the caches (with the controller's own recent writes laid over them); the pure
/// `AccessRequestPlanner` decides everything; this type only performs the plan's steps. When a write
/// meets a conflict (409: someone wrote in between, or the cache was behind), the pass starts again
/// from a live read, bounded by `maxAttempts`; each attempt plans exactly once. When the API server
/// refuses the grant's binding (RBAC escalation prevention), one more attempt plans with that
/// refusal, so the request says why in its status, and the error is rethrown for backoff.
public struct AccessRequestReconciler: Reconciler {
    /// Attempts per reconcile before a conflict goes to the work queue's rate-limited retry.
    public static let maxAttempts = 3

    public let client: KubeClient
    public let caches: GrantCaches
    public let recorder: any EventRecording
    public let audit: any AuditSink
    /// The wall clock for timestamps and expiry.
    public let now: @Sendable () -> Date
    /// Hears, for each grant revoked at expiry, how late its binding went: now - expiresAt once the
    /// delete succeeded (for the revocation-lag metric).
    public let revocationObserver: (@Sendable (_ lag: Duration) -> Void)?
    let gatherer: AccessRequestGatherer
    /// Takes every binding due at once in one call per namespace, on the first expiry that needs it.
    let massRevoker: MassRevoker
    /// The planner; `AccessRequestPlanner.plan` except in tests that count or inspect plans.
    let planner: @Sendable (PlanInput) -> Plan
    let logger: Logger
    /// The API calls for both request kinds.
    var store: GrantStore { GrantStore(client: client) }

    public init(
        client: KubeClient, caches: GrantCaches, recorder: any EventRecording, audit: any AuditSink,
        now: @escaping @Sendable () -> Date, logger: Logger, identity: IdentityVerifier,
        policyLookup: PolicyLookup? = nil, revocationObserver: (@Sendable (_ lag: Duration) -> Void)? = nil,
        planner: @escaping @Sendable (PlanInput) -> Plan = AccessRequestPlanner.plan
    ) {
        self.client = client
        self.caches = caches
        self.recorder = recorder
        self.audit = audit
        self.now = now
        self.logger = logger
        self.revocationObserver = revocationObserver
        self.planner = planner
        // Shared with the webhook when the controller passes its own, so policies compile once.
        let lookup = policyLookup ?? caches.policyLookup(compiled: CompiledPolicies(), isReady: { true })
        gatherer = AccessRequestGatherer(
            client: client, caches: caches, policyLookup: lookup, identity: identity, now: now)
        massRevoker = MassRevoker(
            client: client, caches: caches, gatherer: gatherer, now: now, logger: logger,
            revocationObserver: revocationObserver)
    }

    public func reconcile(_ key: ObjectKey) async throws -> ReconcileAction {
        var source = AccessRequestGatherer.Source.caches
        var refusal: APIError?
        var urgency = RequestLane.normal
        for attempt in 1...Self.maxAttempts {
            // A live read after a conflict is as urgent as the plan the conflict interrupted.
            var input = try await RequestLane.$current.withValue(urgency) {
                try await gatherer.gather(key, from: source)
            }
            input.bindingRefusal = refusal?.message
            let plan = planner(input)
            urgency = plan.urgency
            do {
                try await carryOut(plan, input)
                if let refusal { throw refusal }
                return action(after: plan)
            } catch let error as APIError
                where attempt < Self.maxAttempts && (error.isConflict || error.isAlreadyExists)
            {
                // Someone wrote in between, or the caches were behind: look again at the live state.
                logger.debug("conflict; gathering again", metadata: ["key": "\(key)", "error": "\(error)"])
                source = .live
            } catch let error as BindingRefused where refusal == nil && attempt < Self.maxAttempts {
                refusal = error.error
            }
        }
        // Unreachable: the last attempt returns or throws.
        return .awaitChange
    }

    /// What the work queue should do once `plan` is carried out.
    func action(after plan: Plan) -> ReconcileAction {
        guard let at = plan.requeueAt else { return .awaitChange }
        return .requeue(after: Duration(timeInterval: at.timeIntervalSince(now())))
    }
}

/// The API server refused to let the controller create or change a grant's RoleBinding (403: the
/// controller may not bind that role).
struct BindingRefused: Error {
    var error: APIError
}
