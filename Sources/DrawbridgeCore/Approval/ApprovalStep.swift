import DrawbridgeAPI
import Foundation

/// One evaluation of the state machine in progress: the status being built and the actions and notes
/// collected. Kept apart from `ApprovalStateMachine` so each phase reads as a short method.
struct ApprovalStep {
    let input: ApprovalStateMachine.Input
    let now: KubeTime
    var status: AccessRequestStatus
    var actions: [GrantAction] = []
    var notes: [AuditNote] = []
    var nextCheck: Date?
    var tally: ApprovalTally?

    init(input: ApprovalStateMachine.Input) {
        self.input = input
        self.now = KubeTime(input.now)
        self.status = input.request.status ?? AccessRequestStatus()
    }

    var request: AccessRequest { input.request }
    var requester: String { request.spec.requester?.username ?? "" }
    var role: String { request.spec.role.description }
    var namespace: String { request.metadata.namespace ?? "" }
    var bindingName: String { GrantPlanner.bindingName(for: request) }

    // MARK: Phases

    mutating func evaluateNew() {
        if let problem = RequestValidator.validate(request.spec) { return reject(problem) }
        if let problem = unverifiedRequester { return reject(problem) }
        switch PolicyEngine.evaluate(input.policyInput(), policies: input.policies) {
        case .rejected(let rejection): reject(rejection)
        case .allowed(let terms):
            status.policy = terms.policy
            notes.append(
                AuditNote(
                    .normal, "Requested",
                    "\(subject) requested \(role) in namespace \(namespace) for \(GoDuration.humanize(terms.duration)) under AccessPolicy \"\(terms.policy)\"."
                ))
            settlePending(terms)
        }
    }

    mutating func evaluatePending() {
        if let problem = unverifiedRequester { return reject(problem) }
        switch PolicyEngine.evaluate(input.policyInput(), policies: input.policies) {
        case .rejected(let rejection): reject(rejection)
        case .allowed(let terms):
            status.policy = terms.policy
            settlePending(terms)
        }
    }

    /// Approved and Active: still allowed, not revoked, not expired, binding in place.
    mutating func evaluateGranted() {
        if let problem = unverifiedRequester { return withdraw(problem) }
        let decision = PolicyEngine.evaluate(input.policyInput(), policies: input.policies, mode: .liveGrant)
        guard case .allowed(let terms) = decision else {
            if case .rejected(let rejection) = decision { withdraw(rejection) }
            return
        }
        let tally = tally(terms, deadline: approvalDeadline(terms))
        self.tally = tally
        reportUnverified(tally)
        if let revocation = tally.revocation { return revoke(by: revocation) }
        // The phase, grantedAt and expiresAt are status fields like any other: with the webhooks
        // bypassed someone could write "Active" themselves, put it back after a Deny, or remove the
        // times that bound it. A grant stands only while no verified denial is on record, the
        // verified approvals still reach what its policy requires, and both its times are there.
        if let denial = tally.denial { return deny(by: denial) }
        if tally.approvedBy.count < terms.requiredApprovals { return withdraw(unbacked(terms, tally: tally)) }
        guard let grantedAt = status.grantedAt, status.expiresAt != nil else {
            return withdraw(
                Rejection(
                    .grantUnbounded,
                    "the grant has no status.grantedAt or status.expiresAt, so its limits cannot be checked"))
        }
        shorten(to: terms, grantedAt: grantedAt)
        status.roleBinding = bindingName  // the name is derived, never taken from status
        guard let expiresAt = status.expiresAt, now < expiresAt else { return expire() }
        nextCheck = expiresAt.date
        if status.phase == .approved {
            settleApproved()
        } else {
            repairBinding()
            status.message = activeMessage(expiresAt)
        }
    }

    mutating func evaluateTerminal() {
        guard input.binding != .missing else { return }
        actions.append(.removeBinding)
        let phase = status.phase?.rawValue ?? "finished"
        notes.append(
            AuditNote(.normal, "OrphanRemoved", "RoleBinding \(bindingName) removed: the request is \(phase)."))
    }

    // MARK: Pending

    mutating func settlePending(_ terms: GrantTerms) {
        let deadline = approvalDeadline(terms)
        let tally = tally(terms, deadline: deadline)
        self.tally = tally
        reportUnverified(tally)
        if let revocation = tally.revocation { return revoke(by: revocation) }
        if let denial = tally.denial { return deny(by: denial) }
        if tally.approvedBy.count >= terms.requiredApprovals { return approve(terms, by: tally.approvedBy) }
        guard now < deadline else { return timeOut(terms, tally: tally) }
        status.phase = .pending
        let count = "\(tally.approvedBy.count) of \(terms.requiredApprovals)"
        let sofar = tally.approvedBy.isEmpty ? "" : " (\(tally.approvedBy.joined(separator: ", ")))"
        status.message = "Waiting for approval from \(terms.approvers): \(count)\(sofar); times out at \(deadline)."
        setCondition("Approved", .unknown, "AwaitingApproval", status.message ?? "")
        setCondition("Granted", .false, "NotApproved", "Access is granted once the request is approved.")
        nextCheck = deadline.date
    }

    mutating func approve(_ terms: GrantTerms, by approvers: [String]) {
        status.phase = .approved
        status.grantedAt = now
        status.expiresAt = KubeTime(now.date.addingTimeInterval(terms.duration.seconds))
        status.roleBinding = GrantPlanner.bindingName(for: request)
        let who =
            approvers.isEmpty
            ? "auto-approved by AccessPolicy \"\(terms.policy)\""
            : "approved by \(approvers.joined(separator: ", "))"
        setCondition("Approved", .true, approvers.isEmpty ? "AutoApproved" : "Approved", "Request \(who).")
        notes.append(AuditNote(.normal, "Approved", "Request \(who) for \(GoDuration.humanize(terms.duration))."))
        if let expiresAt = status.expiresAt { nextCheck = expiresAt.date }
        settleApproved()
    }

    /// Approved: create the binding, or move to Active once it is in place.
    mutating func settleApproved() {
        guard let expiresAt = status.expiresAt else { return expire() }
        guard input.binding == .current else {
            actions.append(.ensureBinding)
            status.message = "Approved; creating RoleBinding \(bindingName)."
            setCondition("Granted", .false, "BindingPending", status.message ?? "")
            return
        }
        status.phase = .active
        status.message = activeMessage(expiresAt)
        setCondition("Granted", .true, "Granted", "RoleBinding \(bindingName) is in place until \(expiresAt).")
        notes.append(
            AuditNote(
                .normal, "Granted",
                "\(role) bound to \(subject) in namespace \(namespace) until \(expiresAt) (RoleBinding \(bindingName))."
            ))
    }

    // MARK: Active

    /// Puts back a deleted or edited binding while the grant is live.
    mutating func repairBinding() {
        switch input.binding {
        case .current: return
        case .missing:
            notes.append(
                AuditNote(
                    .warning, "TamperReverted",
                    "RoleBinding \(bindingName) was deleted while the grant is active; restored."))
        case .drifted:
            notes.append(
                AuditNote(
                    .warning, "TamperReverted",
                    "RoleBinding \(bindingName) was modified; reverted to the approved grant."))
        }
        actions.append(.ensureBinding)
    }

    /// Applies a lowered policy `maxDuration` and an earlier binding annotation to `expiresAt`.
    mutating func shorten(to terms: GrantTerms, grantedAt: KubeTime) {
        guard let expiresAt = status.expiresAt else { return }
        var limit = KubeTime(grantedAt.date.addingTimeInterval(terms.maxDuration.seconds))
        var why = "AccessPolicy \"\(terms.policy)\" now allows at most \(GoDuration.humanize(terms.maxDuration))"
        if let annotated = input.bindingExpiresAt, annotated < limit {
            limit = annotated
            why = "the RoleBinding's \(Drawbridge.Keys.expiresAt) annotation is earlier"
        }
        guard limit < expiresAt else { return }
        status.expiresAt = limit
        notes.append(AuditNote(.normal, "GrantShortened", "Grant now expires at \(limit): \(why)."))
    }

    // MARK: Terminal transitions

    mutating func reject(_ rejection: Rejection) {
        status.phase = .rejected
        status.message = rejection.message
        setCondition("Approved", .false, rejection.reason.rawValue, rejection.message)
        setCondition("Granted", .false, "Rejected", "No access is granted for a rejected request.")
        notes.append(AuditNote(.warning, "Rejected", rejection.message))
        removeBindingIfPresent()
    }

    mutating func deny(by record: ApprovalRecord) {
        status.phase = .denied
        status.message = "Denied by \(record.user)\(comment(record))."
        setCondition("Approved", .false, "Denied", status.message ?? "")
        setCondition("Granted", .false, "Denied", "No access is granted for a denied request.")
        notes.append(AuditNote(.warning, "Denied", status.message ?? ""))
        removeBindingIfPresent()
    }

    mutating func timeOut(_ terms: GrantTerms, tally: ApprovalTally) {
        status.phase = .timedOut
        status.message =
            "Timed out with \(tally.approvedBy.count) of \(terms.requiredApprovals) approvals after \(GoDuration.humanize(terms.approvalTimeout))."
        setCondition("Approved", .false, "TimedOut", status.message ?? "")
        setCondition("Granted", .false, "TimedOut", "No access is granted for a timed-out request.")
        notes.append(AuditNote(.warning, "TimedOut", status.message ?? ""))
        removeBindingIfPresent()
    }

    mutating func expire() {
        status.phase = .expired
        let at = status.expiresAt.map { " at \($0)" } ?? ""
        status.message = "Access to \(role) in namespace \(namespace) expired\(at); RoleBinding \(bindingName) removed."
        setCondition("Granted", .false, "Expired", status.message ?? "")
        notes.append(AuditNote(.normal, "Expired", status.message ?? ""))
        removeBindingIfPresent()
    }

    mutating func revoke(by record: ApprovalRecord) {
        let wasGranted = status.phase == .active || status.phase == .approved
        status.phase = .revoked
        status.message = "\(wasGranted ? "Revoked" : "Withdrawn") by \(record.user)\(comment(record))."
        if !wasGranted { setCondition("Approved", .false, "Withdrawn", status.message ?? "") }
        setCondition("Granted", .false, "Revoked", status.message ?? "")
        notes.append(AuditNote(.normal, "Revoked", status.message ?? ""))
        removeBindingIfPresent()
    }

    /// Revoked because no policy allows the grant any more, because the requester's identity no
    /// longer verifies (its spec was edited behind the webhook's back), or because its verified
    /// approvals no longer reach what its policy requires.
    mutating func withdraw(_ rejection: Rejection) {
        status.phase = .revoked
        if [.requesterUnverified, .approvalsMissing, .grantUnbounded].contains(rejection.reason) {
            status.message = "Revoked: \(rejection.message)."
            setCondition("Granted", .false, rejection.reason.rawValue, status.message ?? "")
        } else {
            status.message = "Revoked because no AccessPolicy allows this grant any more: \(rejection.message)."
            setCondition("Granted", .false, "PolicyWithdrawn", status.message ?? "")
        }
        notes.append(AuditNote(.warning, "Revoked", status.message ?? ""))
        removeBindingIfPresent()
    }

    /// Approvals and denials count only until `creationTimestamp + approval.timeout`.
    func approvalDeadline(_ terms: GrantTerms) -> KubeTime {
        let created = request.metadata.creationTimestamp ?? now
        return KubeTime(created.date.addingTimeInterval(terms.approvalTimeout.seconds))
    }

    /// Why a grant whose verified approvals fall short of its policy's requirement cannot stand.
    func unbacked(_ terms: GrantTerms, tally: ApprovalTally) -> Rejection {
        Rejection(
            .approvalsMissing,
            "the grant is backed by \(tally.approvedBy.count) of the \(terms.requiredApprovals) verified approval(s) AccessPolicy \"\(terms.policy)\" requires"
        )
    }

    // MARK: Identity

    /// Why the requester cannot be trusted, if it cannot: its signature does not verify.
    var unverifiedRequester: Rejection? {
        guard !input.isRequesterAuthentic else { return nil }
        return Rejection(
            .requesterUnverified,
            "spec.requester carries no valid signature from the Drawbridge admission webhook, so nobody vouches for who asked (was the request written with the webhook disabled, or its spec edited?)"
        )
    }

    /// Records that did not verify count for nothing; say so once (a Warning Event and an audit
    /// record) each time the set of them changes, and keep it visible as a condition.
    mutating func reportUnverified(_ tally: ApprovalTally) {
        let unverified = tally.ignored.filter { $0.reason == .unauthentic }.map(\.record)
        guard !unverified.isEmpty else { return }
        let list = unverified.map { "\($0.decision.rawValue) by \($0.user) at \($0.time)" }.joined(separator: "; ")
        let message =
            "Ignored \(unverified.count) recorded review(s) without a valid signature from the Drawbridge admission webhook: \(list)."
        let previous = status.conditions?.first { $0.type == Self.verifiedCondition }?.message
        guard previous != message else { return }
        setCondition(Self.verifiedCondition, .false, "UnverifiedApproval", message)
        notes.append(AuditNote(.warning, "UnverifiedApproval", message))
    }

    /// The condition that lists ignored, unsigned reviews.
    static let verifiedCondition = "ApprovalsVerified"

    // MARK: Helpers

    mutating func removeBindingIfPresent() {
        nextCheck = nil
        if input.binding != .missing { actions.append(.removeBinding) }
    }

    mutating func setCondition(_ type: String, _ value: Condition.Status, _ reason: String, _ message: String) {
        var conditions = status.conditions ?? []
        conditions.set(
            Condition(
                type: type, status: value, reason: reason, message: message, lastTransitionTime: now,
                observedGeneration: request.metadata.generation))
        status.conditions = conditions
    }

    func tally(_ terms: GrantTerms, deadline: KubeTime? = nil) -> ApprovalTally {
        ApprovalTally(
            records: status.approvals ?? [], requester: requester, approvers: terms.approvers, deadline: deadline,
            isAuthentic: input.isAuthentic)
    }

    var subject: String {
        GrantPlanner.subject(for: request.spec.requester).map(GrantPlanner.describe) ?? "unknown requester"
    }

    func activeMessage(_ expiresAt: KubeTime) -> String {
        "\(role) is bound to \(subject) in namespace \(namespace) until \(expiresAt)."
    }

    func comment(_ record: ApprovalRecord) -> String {
        guard let comment = record.comment, !comment.isEmpty else { return "" }
        return ": \(comment)"
    }

    func outcome(from phase: AccessRequestPhase?) -> ApprovalOutcome {
        var status = status
        if status != (input.request.status ?? AccessRequestStatus()) || phase == nil {
            status.observedGeneration = request.metadata.generation
        }
        let transition = status.phase.flatMap { $0 != phase ? ApprovalOutcome.Transition(from: phase, to: $0) : nil }
        return ApprovalOutcome(
            status: status, actions: actions, notes: notes, transition: transition, nextCheck: nextCheck, tally: tally)
    }
}

extension Duration {
    /// Whole and fractional seconds, for `Date` arithmetic.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
