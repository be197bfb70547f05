import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeCore
import Foundation
import KubeClient
import Logging

/// Carrying a plan out, step by step, in the plan's order. Nothing here decides anything.
extension AccessRequestReconciler {
    func carryOut(_ plan: Plan, _ input: PlanInput) async throws {
        guard case .present(let observed) = input.request else {
            for step in plan.steps {
                _ = try await RequestLane.$current.withValue(plan.lane(of: step)) { try await perform(step, on: nil) }
            }
            return
        }
        var request = observed
        let expiry = plan.transition?.to == .expired ? (plan.status ?? observed.status)?.expiresAt : nil
        for step in plan.steps {
            if case .write(.deleteBinding(let name, let namespace, _)) = step, let due = expiry {
                // An expiry: take every binding due now in bulk, this one with them if it may go.
                let deleted = await massRevoker.revokeDue()
                if deleted.contains(ObjectKey(namespace: namespace, name: name)) { continue }
                try await RequestLane.$current.withValue(.revocation) { _ = try await perform(step, on: request) }
                // An expired grant's lag is measured the moment its binding is gone.
                revocationObserver?(Duration(timeInterval: now().timeIntervalSince(due.date)))
                continue
            }
            request = try await RequestLane.$current.withValue(plan.lane(of: step)) {
                try await perform(step, on: request) ?? request
            }
        }
        guard let transition = plan.transition else { return }
        logger.info(
            "\(request.key): \(transition.from?.rawValue ?? "new") -> \(transition.to.rawValue)",
            metadata: ["message": .string(plan.status?.message ?? "")])
    }

    /// Performs one step; returns the request as stored when the step wrote it.
    func perform(_ step: Plan.Step, on request: AccessRequest?) async throws -> AccessRequest? {
        switch step {
        case .write(.deleteBinding(let name, let namespace, let uid)):
            try await store.deleteBinding(name, namespace: namespace, uid: uid)
            let key = ObjectKey(namespace: namespace, name: name)
            gatherer.wrote(binding: key, replacing: caches.binding(key), with: nil)
        case .write(.ensureBinding(let desired, let observed)):
            do {
                try await ensureBinding(desired, observed: observed)
            } catch let error as APIError where error.code == 403 {
                throw BindingRefused(error: error)
            }
        case .write(.addFinalizer):
            return try await setFinalizer(present: true, on: request)
        case .write(.removeFinalizer):
            return try await setFinalizer(present: false, on: request)
        case .write(.rejectUnreadable(let key, let message)):
            try await rejectUnreadable(key, message: message)
        case .audit(let record):
            try await audit.write(record)
        case .status(let status):
            guard var updated = request else { return nil }
            let replaced = updated
            updated.status = status
            let stored = try await store.updateStatus(updated)
            gatherer.wrote(stored, replacing: replaced)
            return stored
        case .event(let event):
            await recorder.record(
                event.type, reason: event.reason.rawValue, message: event.message, regarding: event.regarding)
        }
        return nil
    }

    /// Creates the binding, or puts an existing one back to what the grant needs. `roleRef` is
    /// immutable in Kubernetes, so a binding pointing at another role is deleted and recreated. An
    /// AlreadyExists on create means the caches were behind: the reconciler gathers again.
    func ensureBinding(_ desired: RoleBinding, observed: RoleBinding?) async throws {
        let key = desired.key
        guard var existing = observed else {
            let created = try await store.create(desired)
            gatherer.wrote(binding: key, replacing: nil, with: created)
            return
        }
        if existing.roleRef != desired.roleRef {
            try await store.deleteBinding(key.name, namespace: key.namespace, uid: existing.metadata.uid)
            let created = try await store.create(desired)
            gatherer.wrote(binding: key, replacing: observed, with: created)
            return
        }
        existing.subjects = desired.subjects
        existing.metadata.labels = (existing.metadata.labels ?? [:]).merging(desired.metadata.labels ?? [:]) { $1 }
        existing.metadata.annotations = (existing.metadata.annotations ?? [:])
            .merging(desired.metadata.annotations ?? [:]) { $1 }
        existing.metadata.ownerReferences = desired.metadata.ownerReferences
        let updated = try await store.update(existing)
        gatherer.wrote(binding: key, replacing: observed, with: updated)
    }

    /// Adds or removes the finalizer. The patch carries the resourceVersion, so it fails with 409
    /// rather than clobber a concurrent edit.
    func setFinalizer(present: Bool, on request: AccessRequest?) async throws -> AccessRequest? {
        guard let request else { return nil }
        var finalizers = (request.metadata.finalizers ?? []).filter { $0 != Drawbridge.Keys.finalizer }
        if present { finalizers.append(Drawbridge.Keys.finalizer) }
        let patch: JSONValue = .object([
            "metadata": .object([
                "finalizers": .array(finalizers.map(JSONValue.string)),
                "resourceVersion": .string(request.metadata.resourceVersion ?? ""),
            ])
        ])
        let stored = try await store.patchRequest(request.key, body: patch)
        gatherer.wrote(stored, replacing: request)
        return stored
    }

    /// Marks a request that cannot be decoded as Rejected, through a raw status patch.
    func rejectUnreadable(_ key: ObjectKey, message: String) async throws {
        let patch: JSONValue = .object([
            "status": .object([
                "phase": .string(AccessRequestPhase.rejected.rawValue),
                "message": .string(message),
            ])
        ])
        _ = try await client.send(
            KubeRequest(
                method: "PATCH",
                path: store.requestPath(key, subresource: "status"),
                headers: ["Content-Type": KubeClient.PatchType.merge.rawValue],
                body: Array(try JSONCoding.encoder.encode(patch))))
    }
}

extension Plan {
    /// True when the plan takes access away: it deletes a binding, or ends a grant.
    var revokes: Bool {
        writes.contains { $0.stage == .revoke }
            || (transition.map { [.approved, .active].contains($0.from) && $0.to.isTerminal } ?? false)
    }

    /// The client lane `step` waits in when the client is throttled: revocation first (the binding
    /// delete and the status that records it), then what gives access (the finalizer, the binding,
    /// the Active status), then the rest.
    func lane(of step: Step) -> RequestLane {
        switch step {
        case .write(let write):
            switch write.stage {
            case .revoke: .revocation
            case .prepare: .grant
            case .settle: .normal
            }
        case .status:
            if revokes { .revocation } else if transition?.to == .active { .grant } else { .normal }
        case .audit, .event: .normal
        }
    }

    /// The most urgent lane any step of the plan uses.
    var urgency: RequestLane { steps.map(lane(of:)).min() ?? .normal }
}
