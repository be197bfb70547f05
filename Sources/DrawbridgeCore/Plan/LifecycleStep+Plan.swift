import DrawbridgeAPI
import Foundation

/// Small helpers of a planning pass, and the making of the `Plan` from it.
extension LifecycleStep {
    /// Adds something to record (an audit record and an Event). `discriminator` defaults to the
    /// message: two records of one action and phase change differ by what they say.
    mutating func note(_ type: Event.EventType, _ action: AuditAction, _ message: String, discriminator: String? = nil)
    {
        notes.append(Note(type: type, action: action, message: message, discriminator: discriminator ?? message))
    }

    mutating func setCondition(
        _ type: AccessRequestConditionType, _ value: Condition.Status, _ reason: ConditionReason, _ message: String
    ) {
        setCondition(type, value, reason.rawValue, message)
    }

    /// As above, for a `Rejection.Reason` (the other closed set of condition reasons).
    mutating func setCondition(
        _ type: AccessRequestConditionType, _ value: Condition.Status, _ reason: String, _ message: String
    ) {
        var conditions = status.conditions ?? []
        conditions.set(
            Condition(
                type: type.rawValue, status: value, reason: reason, message: message, lastTransitionTime: now,
                observedGeneration: request.metadata.generation))
        status.conditions = conditions
    }

    func tally(_ terms: GrantTerms, deadline: KubeTime? = nil) -> ApprovalTally {
        ApprovalTally(
            records: status.approvals ?? [], requester: requester, approvers: terms.approvers, deadline: deadline,
            isAuthentic: input.isAuthentic)
    }

    /// What the policy engine needs, taken from the request.
    func policyInput() -> PolicyInput {
        PolicyInput(request: request, namespaceLabels: input.namespaceLabels, roleRules: input.roleRules, now: now.date)
    }

    var subject: String {
        GrantBinding.subject(for: request.spec.requester).map(GrantBinding.describe) ?? "unknown requester"
    }

    func activeMessage(_ expiresAt: KubeTime) -> String {
        "\(role) is bound to \(subject) \(placement) until \(expiresAt)."
    }

    func comment(_ record: ApprovalRecord) -> String {
        guard let comment = record.comment, !comment.isEmpty else { return "" }
        return ": \(comment)"
    }

    // MARK: The plan

    /// The plan this pass adds up to: the status when it changed, the writes (the finalizer goes once
    /// the request is finished), and one audit record and one Event per note.
    func plan() -> Plan {
        let phase = request.status?.phase
        var status = status
        if status != (request.status ?? AccessRequestStatus()) || phase == nil {
            status.observedGeneration = request.metadata.generation
        }
        let changed = status != (request.status ?? AccessRequestStatus())
        var writes = writes
        if status.phase?.isTerminal == true, hasFinalizer { writes.append(.removeFinalizer) }
        let transition = status.phase.flatMap { $0 != phase ? PhaseTransition(from: phase, to: $0) : nil }
        let regarding = request.reference
        return Plan(
            status: changed ? status : nil, writes: writes,
            audit: notes.map { record($0, status: status) },
            events: events
                + notes.map {
                    PlannedEvent(type: $0.type, reason: .audit($0.action), message: $0.message, regarding: regarding)
                },
            requeueAt: requeueAt, transition: transition)
    }

    /// The audit record of `note`, describing the request as `status` leaves it.
    func record(_ note: Note, status: AccessRequestStatus) -> AuditRecord {
        let uid = request.metadata.uid ?? ""
        return AuditRecord(
            id: AuditRecord.makeID(
                requestUID: uid, action: note.action, from: request.status?.phase, to: status.phase,
                discriminator: note.discriminator),
            time: now, action: note.action, type: note.type.rawValue,
            request: .init(
                namespace: namespace, name: request.metadata.name ?? "", uid: uid,
                kind: request.isClusterWide ? ClusterAccessRequest.kind : nil),
            requester: request.spec.requester?.username,
            subject: GrantBinding.subject(for: request.spec.requester).map(GrantBinding.describe),
            role: role, policy: status.policy, phase: status.phase?.rawValue,
            approvers: tally?.approvedBy ?? [], expiresAt: status.expiresAt,
            roleBinding: status.roleBinding, message: note.message)
    }
}
