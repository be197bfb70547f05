import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeCore
import Foundation
import KubeClient
import Logging

/// Reconciles one AccessRequest: gathers what the pure core needs from the caches, asks
/// `ApprovalStateMachine` for the next status and the writes, and carries them out in a safe order
/// (revoke first, then audit, status before grant). Level-based: it never asks why it woke.
public struct AccessRequestReconciler: Reconciler {
    public let client: KubeClient
    public let caches: GrantCaches
    public let recorder: any EventRecording
    public let audit: any AuditSink
    /// The wall clock for timestamps and expiry.
    public let now: @Sendable () -> Date
    /// Which recorded identities to trust (signatures from the webhook); the rest count for nothing.
    public let identity: IdentityVerifier
    /// Policies, namespace labels and role rules, from the caches.
    public let policyLookup: PolicyLookup
    /// Hears, for each grant revoked at expiry, how late its binding went: now - expiresAt once the
    /// delete succeeded (for the revocation-lag metric).
    public let revocationObserver: (@Sendable (_ lag: Duration) -> Void)?
    let logger: Logger
    let requestWrites = RecentWrites<AccessRequest>()
    let bindingWrites = RecentWrites<RoleBinding>()

    public init(
        client: KubeClient, caches: GrantCaches, recorder: any EventRecording, audit: any AuditSink,
        now: @escaping @Sendable () -> Date, logger: Logger, identity: IdentityVerifier,
        policyLookup: PolicyLookup? = nil, revocationObserver: (@Sendable (_ lag: Duration) -> Void)? = nil
    ) {
        self.client = client
        self.caches = caches
        self.recorder = recorder
        self.audit = audit
        self.now = now
        self.logger = logger
        self.identity = identity
        self.revocationObserver = revocationObserver
        // Shared with the webhook when the controller passes its own, so policies compile once.
        self.policyLookup = policyLookup ?? caches.policyLookup(compiled: CompiledPolicies(), isReady: { true })
    }

    public func reconcile(key: String) async throws -> ReconcileAction {
        let (namespace, name) = Self.split(key)
        guard var request = requestWrites.view(key, cached: caches.requests.get(key)) else {
            requestWrites.forget(key)
            if let broken = caches.requests.undecodable()[key] {
                try await rejectUndecodable(broken)
                return .awaitChange
            }
            try await removeStrayBindings(namespace: namespace, request: name)
            return .awaitChange
        }
        var attempt = 0
        while true {
            do {
                return try await reconcile(request)
            } catch let error as APIError where error.isConflict && attempt < 3 {
                // Someone (a reviewer, usually) wrote in between: start again from the latest object.
                attempt += 1
                logger.debug("conflict; re-reading", metadata: ["key": .string(key), "error": .string("\(error)")])
                guard let latest = try await client.getIfPresent(AccessRequest.self, name: name, namespace: namespace)
                else { return .awaitChange }
                request = latest
            }
        }
    }

    // MARK: One pass

    func reconcile(_ observed: AccessRequest) async throws -> ReconcileAction {
        var request = observed
        if request.metadata.deletionTimestamp != nil {
            try await finalize(request)
            return .awaitChange
        }
        let terminal = request.status?.phase?.isTerminal ?? false
        if !terminal, !hasFinalizer(request) {
            request = try await setFinalizer(request, present: true)
        }
        var evaluation = evaluate(request, binding: observedBinding(of: request))
        if evaluation.outcome.notes.contains(where: { $0.reason == "TamperReverted" }) {
            // Never cry tamper on a stale cache: look at the live binding first.
            let live = try await client.getIfPresent(
                RoleBinding.self, name: evaluation.bindingName, namespace: request.metadata.namespace)
            evaluation = evaluate(request, binding: live)
        }
        request = try await carryOut(evaluation, on: request)
        if evaluation.outcome.actions.contains(.ensureBinding), evaluation.outcome.status.phase == .approved {
            // The binding is in place now: settle Approved -> Active in the same pass.
            let settled = evaluate(request, binding: observedBinding(of: request))
            request = try await carryOut(settled, on: request)
            evaluation = settled
        }
        if request.status?.phase?.isTerminal == true, hasFinalizer(request) {
            request = try await setFinalizer(request, present: false)
        }
        guard let next = evaluation.outcome.nextCheck else { return .awaitChange }
        return .requeue(after: Self.duration(from: now(), to: next))
    }

    /// The result of one evaluation, with the binding it was judged against.
    struct Evaluation {
        var outcome: ApprovalOutcome
        var observed: RoleBinding?
        var desired: RoleBinding?
        var bindingName: String
    }

    /// Runs the state machine. The binding's state depends on the approvers the tally finds, so a
    /// first pass learns them and, when the binding turns out not to be `.current`, a second pass
    /// judges with the real state. Both are pure and cheap.
    func evaluate(_ request: AccessRequest, binding observed: RoleBinding?) -> Evaluation {
        let now = now()
        let policies = policyLookup.policies()
        let input = policyLookup.input(for: request, policies: policies)
        let requesterAuthentic = identity.requester(request)
        let identity = identity
        func run(_ state: BindingState) -> ApprovalOutcome {
            ApprovalStateMachine.evaluate(
                .init(
                    request: request, policies: policies, namespaceLabels: input.namespaceLabels,
                    roleRules: input.roleRules, binding: state,
                    bindingExpiresAt: GrantPlanner.annotatedExpiry(of: observed),
                    now: now, isAuthentic: { identity.approval($0, request) }, isRequesterAuthentic: requesterAuthentic)
            )
        }
        let assumed: BindingState = observed == nil ? .missing : .current
        var outcome = run(assumed)
        var next = request
        next.status = outcome.status
        let desired = GrantPlanner.desiredBinding(for: next, approvedBy: outcome.tally?.approvedBy ?? [])
        let actual: BindingState =
            if let observed, let desired { GrantPlanner.state(of: observed, desired: desired) } else { assumed }
        if actual != assumed { outcome = run(actual) }
        var settled = request
        settled.status = outcome.status
        return Evaluation(
            outcome: outcome, observed: observed,
            desired: GrantPlanner.desiredBinding(for: settled, approvedBy: outcome.tally?.approvedBy ?? []),
            bindingName: GrantPlanner.bindingName(for: request))
    }

    /// Carries out one outcome: revocation first (access never waits on anything, not even the audit
    /// sink), then the audit records (before the status that settles them, so a crash repeats them
    /// rather than losing them), the status, then the grant, then Events.
    func carryOut(_ evaluation: Evaluation, on request: AccessRequest) async throws -> AccessRequest {
        let outcome = evaluation.outcome
        logger.debug(
            "carrying out",
            metadata: [
                "key": .string(request.key), "resourceVersion": .string(request.metadata.resourceVersion ?? ""),
                "phase": .string(request.status?.phase?.rawValue ?? "new"),
                "next": .string(outcome.status.phase?.rawValue ?? ""),
                "notes": .string(outcome.notes.map(\.reason).joined(separator: ",")),
                "actions": .string("\(outcome.actions)"),
            ])
        if outcome.actions.contains(.removeBinding), let binding = evaluation.observed {
            try await deleteBinding(binding)
            if outcome.transition?.to == .expired, let expiresAt = request.status?.expiresAt?.date {
                revocationObserver?(Self.duration(from: expiresAt, to: now()))
            }
        }
        for note in outcome.notes {
            try await audit.write(auditRecord(note, request: request, evaluation: evaluation))
        }
        var current = request
        if outcome.status != (request.status ?? AccessRequestStatus()) {
            current = try await writeStatus(outcome.status, of: request)
        }
        if outcome.actions.contains(.ensureBinding), let desired = evaluation.desired {
            do {
                try await ensureBinding(desired, observed: evaluation.observed)
            } catch let error as APIError where error.code == 403 {
                // RBAC escalation prevention: the controller may bind only the roles its ClusterRole
                // lists under `bind`. Say so where the requester and the admin will look, then retry.
                await recorder.record(
                    .warning, reason: "BindingForbidden",
                    message:
                        "The controller may not create RoleBinding \(evaluation.bindingName) for \(request.spec.role): add \(request.spec.role.name) to the bind rule's resourceNames in ClusterRole drawbridge-controller (config/rbac/role.yaml). \(error.message)",
                    regarding: ObjectReference(to: current))
                throw error
            }
        }
        let regarding = ObjectReference(to: current)
        for note in outcome.notes {
            await recorder.record(note.type, reason: note.reason, message: note.message, regarding: regarding)
        }
        if let transition = outcome.transition {
            logger.info(
                "\(current.key): \(transition.from?.rawValue ?? "new") -> \(transition.to.rawValue)",
                metadata: ["message": .string(outcome.status.message ?? "")])
        }
        return current
    }

    // MARK: Writes

    func writeStatus(_ status: AccessRequestStatus, of request: AccessRequest) async throws -> AccessRequest {
        var updated = request
        updated.status = status
        let stored = try await client.updateStatus(updated)
        requestWrites.remember(request.key, replaced: request, written: stored)
        return stored
    }

    /// Creates the binding, or puts an existing one back to what the grant needs. `roleRef` is
    /// immutable in Kubernetes, so a binding pointing at another role is deleted and recreated.
    func ensureBinding(_ desired: RoleBinding, observed: RoleBinding?) async throws {
        let name = desired.metadata.name ?? ""
        let namespace = desired.metadata.namespace
        var current = observed
        if current == nil {
            do {
                let created = try await client.create(desired)
                bindingWrites.remember(desired.key, replaced: nil, written: created)
                return
            } catch let error as APIError where error.isAlreadyExists {
                current = try await client.get(RoleBinding.self, name: name, namespace: namespace)
            }
        }
        guard var existing = current, GrantPlanner.state(of: existing, desired: desired) != .current else { return }
        if existing.roleRef != desired.roleRef {
            try await client.delete(RoleBinding.self, name: name, namespace: namespace, uid: existing.metadata.uid)
            let created = try await client.create(desired)
            bindingWrites.remember(desired.key, replaced: observed, written: created)
            return
        }
        existing.subjects = desired.subjects
        existing.metadata.labels = (existing.metadata.labels ?? [:]).merging(desired.metadata.labels ?? [:]) { $1 }
        existing.metadata.annotations = (existing.metadata.annotations ?? [:])
            .merging(desired.metadata.annotations ?? [:]) { $1 }
        existing.metadata.ownerReferences = desired.metadata.ownerReferences
        let updated = try await client.update(existing)
        bindingWrites.remember(desired.key, replaced: observed, written: updated)
    }

    func deleteBinding(_ binding: RoleBinding) async throws {
        try await client.delete(
            RoleBinding.self, name: binding.metadata.name ?? "", namespace: binding.metadata.namespace,
            uid: binding.metadata.uid)
        bindingWrites.remember(binding.key, replaced: binding, written: nil)
    }

    func observedBinding(of request: AccessRequest) -> RoleBinding? {
        let name = GrantPlanner.bindingName(for: request)
        let key = "\(request.metadata.namespace ?? "")/\(name)"
        return bindingWrites.view(key, cached: caches.bindings.get(key))
    }

    /// Called after the informer updated `key` in its cache: once the cache shows our own write (or a
    /// later one) the remembered write is dropped, so a deletion that follows is seen as one.
    func cacheChanged(request key: String) {
        _ = requestWrites.view(key, cached: caches.requests.get(key))
    }

    /// As `cacheChanged(request:)`, for a managed RoleBinding.
    func cacheChanged(binding key: String) {
        _ = bindingWrites.view(key, cached: caches.bindings.get(key))
    }

    // MARK: Helpers

    static func split(_ key: String) -> (namespace: String, name: String) {
        guard let slash = key.firstIndex(of: "/") else { return ("", key) }
        return (String(key[..<slash]), String(key[key.index(after: slash)...]))
    }

    /// `to - from` as a Duration; never negative.
    static func duration(from: Date, to: Date) -> Duration {
        let seconds = max(0, to.timeIntervalSince(from))
        return .nanoseconds(Int64((seconds * 1e9).rounded(.up)))
    }
}
