import DrawbridgeAPI
import Foundation

/// Decides everything about one AccessRequest in one pure call: from what the reconciler gathered
/// (the request, its binding, policies, identities, the time) to one `Plan` (status, writes, audit
/// records, Events, when to look again). Deletion, orphans, tamper and Approved → Active are all
/// decided here; the reconciler only gathers and carries the plan out.
///
/// ```
/// (new) --invalid / no policy--> Rejected      Pending --valid Deny--> Denied
/// (new) --0 approvals needed--> Active         Pending --timeout--> TimedOut
/// (new) --> Pending --enough approvals--> Active (Approved only while the binding is refused)
/// Active --now >= expiresAt--> Expired         Active --Revoke / policy withdrawn--> Revoked
/// ```
/// Terminal phases never move and never keep a binding. A valid Revoke also withdraws a request that
/// is still Pending or Approved.
public enum AccessRequestPlanner {
    /// The plan for `input`.
    public static func plan(_ input: PlanInput) -> Plan {
        switch input.request {
        case .present(let request) where request.metadata.deletionTimestamp != nil:
            return planDeletion(of: request, input: input)
        case .present(let request):
            var step = LifecycleStep(request: request, input: input)
            switch request.status?.phase {
            case nil: step.planNew()
            case .pending: step.planPending()
            case .scheduled: step.planScheduled()
            case .approved, .active: step.planGranted()
            case .rejected, .denied, .timedOut, .expired, .revoked: step.planTerminal()
            }
            return NotificationLedger.recording(step.plan(), for: step.policyInput(), policies: input.policies)
        case .absent(let key, let strays):
            return planOrphans(strays, of: key, now: KubeTime(input.now))
        case .unreadable(let request):
            return planUnreadable(request, now: KubeTime(input.now))
        }
    }

    /// The request is being deleted: revoke a live grant, record it, then let the request go. Without
    /// our finalizer there is nothing of ours to do (the binding's ownerReference lets the garbage
    /// collector remove it).
    static func planDeletion(of request: AccessRequest, input: PlanInput) -> Plan {
        var step = LifecycleStep(request: request, input: input)
        guard step.hasFinalizer else { return .nothing }
        let phase = request.status?.phase
        let hadBinding = input.binding.binding != nil
        step.removeBindingIfPresent()
        if phase == .active || phase == .approved || hadBinding {
            step.note(.normal, .revoked, "Request deleted; \(step.binding) removed.")
        }
        step.writes.append(.removeFinalizer)
        var plan = step.plan()
        plan.status = nil
        return plan
    }

    /// No request by `key` exists: delete the managed bindings that still claim it.
    static func planOrphans(_ strays: [RoleBinding], of key: ObjectKey, now: KubeTime) -> Plan {
        var plan = Plan()
        // A request without a namespace is a ClusterAccessRequest, its bindings ClusterRoleBindings.
        let clusterWide = key.namespace == nil
        let bindingKind = clusterWide ? ClusterRoleBinding.kind : RoleBinding.kind
        let requestKind = clusterWide ? ClusterAccessRequest.kind : AccessRequest.kind
        for binding in strays {
            let name = binding.metadata.name ?? ""
            let uid = binding.metadata.annotations?[Drawbridge.Keys.requestUID] ?? ""
            let message =
                "\(bindingKind) \(name) removed: no live grant of \(requestKind) \(key) needs it."
            plan.writes.append(
                .deleteBinding(name: name, namespace: key.namespace, uid: binding.metadata.uid))
            plan.audit.append(
                AuditRecord(
                    id: AuditRecord.makeID(
                        requestUID: uid, action: .orphanRemoved, from: nil, to: nil,
                        discriminator: binding.metadata.uid ?? ""),
                    time: now, action: .orphanRemoved, type: Event.EventType.normal.rawValue,
                    request: .init(
                        namespace: key.namespace ?? "", name: key.name, uid: uid,
                        kind: clusterWide ? requestKind : nil), requester: nil,
                    subject: binding.subjects.first.map(GrantBinding.describe),
                    role: "\(binding.roleRef.kind)/\(binding.roleRef.name)", policy: nil, phase: nil, approvers: [],
                    expiresAt: GrantBinding.annotatedExpiry(of: binding), roleBinding: name, message: message))
            var regarding = ObjectReference(to: binding)
            regarding.kind = bindingKind
            plan.events.append(
                PlannedEvent(type: .normal, reason: .audit(.orphanRemoved), message: message, regarding: regarding))
        }
        return plan
    }

    /// A request that cannot be decoded gets Rejected with the decoding error, once, so it never
    /// blocks or crashes anything else; one that already has a phase is left alone.
    static func planUnreadable(_ request: UnreadableRequest, now: KubeTime) -> Plan {
        guard request.phase == nil else { return .nothing }
        let message = "The request could not be read: \(request.error)"
        let clusterWide = request.key.namespace == nil
        let reference = ObjectReference(
            apiVersion: AccessRequest.apiVersion, kind: clusterWide ? ClusterAccessRequest.kind : AccessRequest.kind,
            namespace: request.key.namespace, name: request.key.name, uid: request.uid)
        let record = AuditRecord(
            id: AuditRecord.makeID(
                requestUID: request.uid ?? "", action: .rejected, from: nil, to: .rejected, discriminator: message),
            time: now, action: .rejected, type: Event.EventType.warning.rawValue,
            request: .init(
                namespace: request.key.namespace ?? "", name: request.key.name, uid: request.uid ?? "",
                kind: clusterWide ? ClusterAccessRequest.kind : nil),
            requester: nil, subject: nil, role: "", policy: nil, phase: AccessRequestPhase.rejected.rawValue,
            approvers: [], expiresAt: nil, roleBinding: nil, message: message)
        return Plan(
            writes: [.rejectUnreadable(request.key, message: message)], audit: [record],
            events: [PlannedEvent(type: .warning, reason: .unreadable, message: message, regarding: reference)],
            transition: PhaseTransition(from: nil, to: .rejected))
    }
}
