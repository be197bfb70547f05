import DrawbridgeAPI
import Foundation

/// One planning pass over a present request, in progress: the status being built and the writes,
/// records and Events collected. Kept apart from `AccessRequestPlanner` so each phase reads as a
/// short method; `plan()` turns it into the `Plan`.
struct LifecycleStep {
    let input: PlanInput
    let request: AccessRequest
    let now: KubeTime
    var status: AccessRequestStatus
    var writes: [PlanWrite] = []
    var notes: [Note] = []
    var events: [PlannedEvent] = []
    var requeueAt: Date?
    var tally: ApprovalTally?

    /// Something to record: an audit record and its Event, made once the final status is known.
    struct Note {
        var type: Event.EventType
        var action: AuditAction
        var message: String
        /// Makes the record's id unique among records of the same action and phase change.
        var discriminator: String
    }

    init(request: AccessRequest, input: PlanInput) {
        self.input = input
        self.request = request
        self.now = KubeTime(input.now)
        self.status = request.status ?? AccessRequestStatus()
    }

    var requester: String { request.spec.requester?.username ?? "" }
    var role: String { request.spec.role.description }
    var namespace: String { request.metadata.namespace ?? "" }
    /// `in namespace demo` or `cluster-wide`: where the grant applies, for messages.
    var placement: String { request.placement }
    var bindingName: String { GrantBinding.bindingName(for: request) }
    /// `RoleBinding drawbridge-x` or `ClusterRoleBinding drawbridge-x`, for messages.
    var binding: String { "\(request.bindingKind) \(bindingName)" }
    var hasFinalizer: Bool { request.metadata.finalizers?.contains(Drawbridge.Keys.finalizer) == true }

    // MARK: Phases

    mutating func planNew() {
        if let problem = RequestValidator.validate(request.spec, clusterWide: request.isClusterWide) {
            return reject(problem)
        }
        if let problem = unverifiedRequester { return reject(problem) }
        switch PolicyEngine.evaluate(policyInput(), policies: input.policies) {
        case .rejected(let rejection): reject(rejection)
        case .allowed(let terms):
            if let refusal = RequesterHistory.cooldownRefusal(
                terms, requester: requester, key: request.key, createdAt: request.metadata.creationTimestamp,
                others: input.requesterRequests, now: now)
            {
                return reject(refusal)
            }
            if let refusal = RequesterHistory.limitRefusal(
                terms, requester: requester, key: request.key, createdAt: request.metadata.creationTimestamp,
                others: input.requesterRequests)
            {
                return reject(refusal)
            }
            status.policy = terms.policy
            note(
                .normal, .requested,
                "\(subject) requested \(role) \(placement) for \(GoDuration.humanize(terms.duration)) under AccessPolicy \"\(terms.policy)\"."
            )
            settlePending(terms)
        }
    }

    mutating func planPending() {
        if let problem = unverifiedRequester { return reject(problem) }
        switch PolicyEngine.evaluate(policyInput(), policies: input.policies) {
        case .rejected(let rejection): reject(rejection)
        case .allowed(let terms):
            status.policy = terms.policy
            settlePending(terms)
        }
    }

    /// Approved and Active: still allowed, not revoked, not expired, binding in place.
    mutating func planGranted() {
        if let problem = unverifiedRequester { return withdraw(problem) }
        let decision = PolicyEngine.evaluate(policyInput(), policies: input.policies, mode: .liveGrant)
        guard case .allowed(let terms) = decision else {
            if case .rejected(let rejection) = decision { withdraw(rejection) }
            return
        }
        let tally = tally(terms, deadline: approvalDeadline(terms))
        self.tally = tally
        reportUnverified(tally)
        if let revocation = tally.revocation { return revoke(by: revocation) }
        if let breakGlass = terms.breakGlass, reviewBreakGlass(reviewers: terms.approvers, breakGlass) { return }
        // The phase, grantedAt and expiresAt are status fields like any other: with the webhooks
        // bypassed someone could write "Active" themselves, put it back after a Deny, or remove the
        // times that bound it. A grant stands only while no verified denial is on record, the
        // verified approvals still reach what its policy requires, and both its times are there.
        if let denial = tally.denial { return deny(by: denial) }
        if tally.approvedBy.count < terms.requiredApprovals { return withdraw(unbacked(terms, tally: tally)) }
        // Nor may it start before `spec.startAt`: a granted phase written early goes back to Scheduled.
        if let startAt = request.spec.startAt, now < startAt {
            removeBindingIfPresent()
            return schedule(until: startAt)
        }
        guard let grantedAt = status.grantedAt, status.expiresAt != nil else {
            return withdraw(
                Rejection(
                    .grantUnbounded,
                    "the grant has no status.grantedAt or status.expiresAt, so its limits cannot be checked"))
        }
        planExtensions(terms, grantedAt: grantedAt)
        shorten(to: terms, grantedAt: grantedAt)
        status.roleBinding = bindingName  // the name is derived, never taken from status
        guard let expiresAt = status.expiresAt, now < expiresAt else { return expire() }
        requeueAt = min(requeueAt ?? expiresAt.date, expiresAt.date)
        if status.phase == .approved {
            settleApproved()
        } else {
            requireBinding(repairing: true)
            status.message = [activeMessage(expiresAt), pendingExtensionText(terms)].compactMap { $0 }
                .joined(separator: " ")
        }
    }

    /// Terminal phases never move; a binding left behind is removed. A break-glass grant's review
    /// goes on after it ended.
    mutating func planTerminal() {
        removeBindingIfPresent()
        if let observed = input.binding.binding {
            let phase = status.phase?.rawValue ?? "finished"
            note(
                .normal, .orphanRemoved, "\(binding) removed: the request is \(phase).",
                discriminator: observed.metadata.resourceVersion ?? "")
        }
        if isBreakGlass, status.grantedAt != nil, let (reviewers, breakGlass) = finishedReviewTerms() {
            _ = reviewBreakGlass(reviewers: reviewers, breakGlass)
        }
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
        setCondition(.approved, .unknown, .awaitingApproval, status.message ?? "")
        setCondition(.granted, .false, .notApproved, "Access is granted once the request is approved.")
        requeueAt = deadline.date
    }

    mutating func approve(_ terms: GrantTerms, by approvers: [String]) {
        status.phase = .approved
        status.grantedAt = now
        status.expiresAt = KubeTime(now.date.addingTimeInterval(terms.duration.timeInterval))
        if let startAt = request.spec.startAt {
            // A scheduled grant lasts until startAt + duration, however early or late it is approved.
            status.expiresAt = KubeTime(startAt.date.addingTimeInterval(terms.duration.timeInterval))
            if now < startAt { status.grantedAt = nil }
        }
        status.roleBinding = bindingName
        if let expiresAt = status.expiresAt { requeueAt = expiresAt.date }
        if let breakGlass = terms.breakGlass {
            noteBreakGlass(terms, breakGlass)
            return settleApproved()
        }
        let who =
            approvers.isEmpty
            ? "auto-approved by AccessPolicy \"\(terms.policy)\""
            : "approved by \(approvers.joined(separator: ", "))"
        setCondition(.approved, .true, approvers.isEmpty ? .autoApproved : .approved, "Request \(who).")
        // The approvers, not the message: the message names nothing that a retry could change, but
        // keeping ids free of anything time-derived makes that explicit.
        note(
            .normal, .approved, "Request \(who) for \(GoDuration.humanize(terms.duration)).",
            discriminator: approvers.joined(separator: ","))
        if let startAt = request.spec.startAt, now < startAt { return schedule(until: startAt) }
        guard let expiresAt = status.expiresAt, now < expiresAt else { return expire() }
        settleApproved()
    }

    /// Approved: make the binding and, in the same pass, become Active (one status write). Only when
    /// the API server refused the binding does the request stay Approved, saying why.
    mutating func settleApproved() {
        guard let expiresAt = status.expiresAt else { return expire() }
        if case .foreign = input.binding {
            let message =
                "Approved, but \(binding) already exists and was not made by Drawbridge: it is left alone and nothing is granted. Delete this request and ask again under another name."
            status.message = message
            setCondition(.granted, .false, .bindingNameTaken, message)
            events.append(
                PlannedEvent(type: .warning, reason: .bindingNameTaken, message: message, regarding: request.reference))
            return
        }
        if let refusal = input.bindingRefusal, input.binding.binding == nil {
            let message =
                "Approved, but the controller may not create \(binding) for \(role): add \(request.spec.role.name) to the bind rule's resourceNames in ClusterRole drawbridge-controller (config/rbac/role.yaml). \(refusal)"
            status.message = message
            setCondition(.granted, .false, .bindingForbidden, message)
            events.append(
                PlannedEvent(
                    type: .warning, reason: .bindingForbidden, message: message, regarding: request.reference))
            return
        }
        requireBinding(repairing: false)
        status.phase = .active
        status.message = activeMessage(expiresAt)
        setCondition(.granted, .true, .granted, "\(binding) is in place until \(expiresAt).")
        note(
            .normal, .granted,
            "\(role) bound to \(subject) \(placement) until \(expiresAt) (\(binding)).",
            discriminator: tally?.approvedBy.joined(separator: ",") ?? "")
    }

    // MARK: The binding

    /// Makes sure the binding the grant needs exists as approved (and the finalizer that revokes it
    /// when the request is deleted). `repairing`: the grant is live, so a missing or edited binding
    /// is tamper, recorded as such.
    mutating func requireBinding(repairing: Bool) {
        var granted = request
        granted.status = status
        guard let desired = GrantBinding.desiredBinding(for: granted, approvedBy: tally?.approvedBy ?? []) else {
            return
        }
        if !hasFinalizer { writes.append(.addFinalizer) }
        switch input.binding {
        case .present(let observed):
            guard !GrantBinding.isCurrent(observed, desired: desired) else { return }
            writes.append(.ensureBinding(desired: desired, observed: observed))
            // A binding that matches the grant as it stood before this pass (say, before it was
            // shortened), or as it stands now but for its expiry label (an admin moved the expires-at
            // annotation earlier, or the binding predates the label), is only being updated;
            // anything else was changed by someone else.
            let previous = GrantBinding.desiredBinding(for: request, approvedBy: tally?.approvedBy ?? [])
            let expected = [previous, desired].compactMap { $0 }.contains {
                GrantBinding.isCurrent(observed, desired: $0, ignoringLabels: [Drawbridge.Keys.expiryLabel])
            }
            if repairing, !expected {
                note(
                    .warning, .tamperReverted,
                    "\(binding) was modified; reverted to the approved grant.",
                    discriminator: observed.metadata.resourceVersion ?? "")
            }
        case .absent:
            writes.append(.ensureBinding(desired: desired, observed: nil))
            if repairing {
                note(
                    .warning, .tamperReverted,
                    "\(binding) was deleted while the grant is active; restored.",
                    discriminator: "missing-after-\(request.metadata.resourceVersion ?? "")")
            }
        case .unknown:
            writes.append(.ensureBinding(desired: desired, observed: nil))
        case .foreign:
            // Someone else's binding took the grant's name: it is never touched.
            setCondition(
                .granted, .false, .bindingNameTaken,
                "\(binding) exists and was not made by Drawbridge; it is left alone.")
        }
    }

    /// Removes the binding if it may exist, and stops looking at the clock.
    mutating func removeBindingIfPresent() {
        requeueAt = nil
        switch input.binding {
        case .present(let binding):
            writes.append(
                .deleteBinding(name: bindingName, namespace: request.metadata.namespace, uid: binding.metadata.uid))
        case .unknown:
            writes.append(.deleteBinding(name: bindingName, namespace: request.metadata.namespace, uid: nil))
        case .absent, .foreign: break
        }
    }

    /// Applies a lowered policy `maxDuration` (plus the extensions the verified reviews back, never
    /// beyond `extension.maxTotal`) and an earlier binding annotation to `expiresAt`.
    mutating func shorten(to terms: GrantTerms, grantedAt: KubeTime) {
        guard let expiresAt = status.expiresAt else { return }
        let extended = backedExtensionTime(terms)
        var allowed = terms.maxDuration + extended
        var why = "AccessPolicy \"\(terms.policy)\" now allows at most \(GoDuration.humanize(terms.maxDuration))"
        if extended > .zero {
            why += " plus \(GoDuration.humanize(extended)) of approved extensions"
            if let maxTotal = terms.lifecycle.extensionTerms?.maxTotal, allowed > maxTotal {
                allowed = maxTotal
                why = "AccessPolicy \"\(terms.policy)\" now allows at most \(GoDuration.humanize(maxTotal)) in total"
            }
        }
        var limit = KubeTime(grantedAt.date.addingTimeInterval(allowed.timeInterval))
        // The annotation speaks for the expiry as it stood before this pass: an extension applied
        // just now is not on the binding yet (this plan puts it there).
        if let annotated = GrantBinding.annotatedExpiry(of: input.binding.binding), annotated < limit,
            annotated < request.status?.expiresAt ?? expiresAt
        {
            limit = annotated
            why = "the RoleBinding's \(Drawbridge.Keys.expiresAt) annotation is earlier"
        }
        guard limit < expiresAt else { return }
        status.expiresAt = limit
        note(.normal, .grantShortened, "Grant now expires at \(limit): \(why).")
    }
}
