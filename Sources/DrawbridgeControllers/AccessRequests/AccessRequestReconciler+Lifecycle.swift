import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeCore
import Foundation
import KubeClient

extension AccessRequestReconciler {
    // MARK: Finalizer

    func hasFinalizer(_ request: AccessRequest) -> Bool {
        request.metadata.finalizers?.contains(Drawbridge.Keys.finalizer) == true
    }

    /// Adds or removes the finalizer that lets the controller revoke a grant before its request goes.
    /// The patch carries the resourceVersion, so it fails with 409 rather than clobber a concurrent edit.
    func setFinalizer(_ request: AccessRequest, present: Bool) async throws -> AccessRequest {
        var finalizers = (request.metadata.finalizers ?? []).filter { $0 != Drawbridge.Keys.finalizer }
        if present { finalizers.append(Drawbridge.Keys.finalizer) }
        let patch: JSONValue = .object([
            "metadata": .object([
                "finalizers": .array(finalizers.map(JSONValue.string)),
                "resourceVersion": .string(request.metadata.resourceVersion ?? ""),
            ])
        ])
        let stored = try await client.patch(
            AccessRequest.self, name: request.metadata.name ?? "", namespace: request.metadata.namespace, body: patch)
        requestWrites.remember(request.key, replaced: request, written: stored)
        return stored
    }

    /// The request is being deleted: revoke a live grant, say so, then let it go.
    func finalize(_ request: AccessRequest) async throws {
        guard hasFinalizer(request) else { return }
        let binding = observedBinding(of: request)
        let phase = request.status?.phase
        if phase == .active || phase == .approved || binding != nil {
            let note = AuditNote(
                .normal, "Revoked",
                "Request deleted; RoleBinding \(GrantPlanner.bindingName(for: request)) removed.")
            let evaluation = Evaluation(
                outcome: ApprovalOutcome(
                    status: request.status ?? AccessRequestStatus(), actions: [.removeBinding], notes: [note],
                    transition: nil, nextCheck: nil, tally: nil),
                observed: binding, desired: nil,
                bindingName: GrantPlanner.bindingName(for: request))
            if let binding { try await deleteBinding(binding) }
            try await audit.write(auditRecord(note, request: request, evaluation: evaluation))
            await recorder.record(
                note.type, reason: note.reason, message: note.message, regarding: ObjectReference(to: request))
        }
        _ = try await setFinalizer(request, present: false)
    }

    // MARK: Strays

    /// Deletes managed bindings that claim to belong to request `name`, which no longer exists.
    /// (Bindings of requests that exist are the state machine's business.)
    func removeStrayBindings(namespace: String, request name: String) async throws {
        for binding in caches.bindings(ofRequest: name, namespace: namespace) {
            guard bindingWrites.view(binding.key, cached: binding) != nil else { continue }
            try await deleteBinding(binding)
            let message =
                "RoleBinding \(binding.metadata.name ?? "") removed: no live grant of AccessRequest \(namespace)/\(name) needs it."
            let uid = binding.metadata.annotations?[Drawbridge.Keys.requestUID] ?? ""
            try await audit.write(
                AuditRecord(
                    id: AuditRecord.makeID(
                        requestUID: uid, action: "OrphanRemoved", from: nil, to: nil,
                        discriminator: binding.metadata.uid ?? ""),
                    time: KubeTime(now()), action: "OrphanRemoved", type: Event.EventType.normal.rawValue,
                    request: .init(namespace: namespace, name: name, uid: uid), requester: nil,
                    subject: binding.subjects.first.map(GrantPlanner.describe),
                    role: "\(binding.roleRef.kind)/\(binding.roleRef.name)",
                    policy: nil, phase: nil,
                    approvers: [], expiresAt: GrantPlanner.annotatedExpiry(of: binding),
                    roleBinding: binding.metadata.name, message: message))
            await recorder.record(
                .normal, reason: "OrphanRemoved", message: message, regarding: ObjectReference(to: binding))
        }
    }

    // MARK: Undecodable requests

    /// An object the controller cannot read at all is answered with Rejected and a clear message,
    /// through a raw status patch, so it never blocks or crashes anything else.
    func rejectUndecodable(_ broken: UndecodableObject) async throws {
        guard broken.raw["status"]?["phase"]?.stringValue == nil else { return }
        let message = "The request could not be read: \(broken.error)"
        let patch: JSONValue = .object([
            "status": .object([
                "phase": .string(AccessRequestPhase.rejected.rawValue),
                "message": .string(message),
            ])
        ])
        _ = try await client.send(
            KubeRequest(
                method: "PATCH",
                path: ResourcePath.object(
                    AccessRequest.self, name: broken.name, namespace: broken.namespace, subresource: "status"),
                headers: ["Content-Type": KubeClient.PatchType.merge.rawValue],
                body: Array(try JSONCoding.encoder.encode(patch))))
        var reference = ObjectReference(
            apiVersion: AccessRequest.apiVersion, kind: AccessRequest.kind, namespace: broken.namespace,
            name: broken.name)
        reference.uid = broken.raw["metadata"]?["uid"]?.stringValue
        await recorder.record(.warning, reason: "Rejected", message: message, regarding: reference)
    }

    // MARK: Audit

    func auditRecord(_ note: AuditNote, request: AccessRequest, evaluation: Evaluation) -> AuditRecord {
        let status = evaluation.outcome.status
        let uid = request.metadata.uid ?? ""
        let discriminator: String =
            switch note.reason {
            case "TamperReverted", "OrphanRemoved":
                evaluation.observed?.metadata.resourceVersion
                    ?? "missing-after-\(request.metadata.resourceVersion ?? "")"
            default: note.message
            }
        return AuditRecord(
            id: AuditRecord.makeID(
                requestUID: uid, action: note.reason, from: request.status?.phase?.rawValue, to: status.phase?.rawValue,
                discriminator: discriminator),
            time: KubeTime(now()), action: note.reason, type: note.type.rawValue,
            request: .init(namespace: request.metadata.namespace ?? "", name: request.metadata.name ?? "", uid: uid),
            requester: request.spec.requester?.username,
            subject: GrantPlanner.subject(for: request.spec.requester).map(GrantPlanner.describe),
            role: request.spec.role.description, policy: status.policy, phase: status.phase?.rawValue,
            approvers: evaluation.outcome.tally?.approvedBy ?? [], expiresAt: status.expiresAt,
            roleBinding: status.roleBinding, message: note.message)
    }
}
