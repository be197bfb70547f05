import DrawbridgeAPI

/// Decides whether an AccessPolicy allows a request, and on which terms.
///
/// Fail closed: an invalid policy grants nothing and lets no other policy govern a request it
/// covers, no match means no access, and when several policies match, the strictest governs (most
/// approvals, then shortest maxDuration, then name) and its limits apply in full.
public enum PolicyEngine {
    /// How the request is being judged: a new request must fit every limit; a live grant only needs
    /// some policy to still allow it (a shrunk `maxDuration` shortens it rather than revoking it).
    public enum Mode: Sendable {
        case newRequest
        case liveGrant
    }

    /// The verdict for `input` under `policies`.
    public static func evaluate(_ input: PolicyInput, policies: PolicySet, mode: Mode = .newRequest) -> PolicyDecision {
        let blocking = policies.invalidPolicies.filter { $0.covers(input) }
        if !blocking.isEmpty { return .rejected(blocked(by: blocking)) }
        let matching = policies.valid.filter { $0.matches(input) }
        let stricter = input.breakGlass ? isStricterBreakGlass : isStricter
        guard let governing = matching.min(by: stricter) else {
            return .rejected(noMatch(input, invalid: policies.invalid))
        }
        var input = input
        // A live grant has started: its duration and start were judged when it was granted.
        if mode == .liveGrant {
            input.duration = nil
            input.leadTime = nil
        }
        let decision = apply(governing, to: input)
        guard case .allowed(var terms) = decision else { return decision }
        if let maximum = governing.spec.maxActivePerRequester {
            terms.activeLimit = GrantTerms.ActiveLimit(maximum: maximum, source: "AccessPolicy \"\(governing.name)\"")
        } else if let maximum = policies.defaults.maxActivePerRequester {
            terms.activeLimit = GrantTerms.ActiveLimit(
                maximum: maximum, source: "the cluster default (--max-active-per-requester)")
        }
        return .allowed(terms)
    }

    /// Convenience for one-off checks (`drawbridge policy check`, tests).
    public static func evaluate(_ input: PolicyInput, policies: [AccessPolicy]) -> PolicyDecision {
        evaluate(input, policies: PolicySet(policies))
    }

    /// Strictest first: most approvals, then shortest maxDuration, then name.
    static func isStricter(_ a: CompiledPolicy, _ b: CompiledPolicy) -> Bool {
        if a.spec.approval.required != b.spec.approval.required {
            return a.spec.approval.required > b.spec.approval.required
        }
        if a.maxDuration != b.maxDuration { return a.maxDuration < b.maxDuration }
        return a.name < b.name
    }

    /// Among break-glass policies: shortest break-glass `maxDuration`, then shortest `reviewWithin`,
    /// then name.
    static func isStricterBreakGlass(_ a: CompiledPolicy, _ b: CompiledPolicy) -> Bool {
        if let x = a.lifecycle.breakGlass, let y = b.lifecycle.breakGlass {
            if x.maxDuration != y.maxDuration { return x.maxDuration < y.maxDuration }
            if x.reviewWithin != y.reviewWithin { return x.reviewWithin < y.reviewWithin }
        }
        return a.name < b.name
    }

    /// Checks duration, reason and forbidden rules against the governing policy.
    static func apply(_ policy: CompiledPolicy, to input: PolicyInput) -> PolicyDecision {
        let quoted = "AccessPolicy \"\(policy.name)\""
        let breakGlass = input.breakGlass ? policy.lifecycle.breakGlass : nil
        let maxDuration = breakGlass?.maxDuration ?? policy.maxDuration
        var duration = breakGlass?.maxDuration ?? policy.defaultDuration
        if let text = input.duration {
            switch RequestValidator.duration(text) {
            case .failure(let rejection): return .rejected(rejection)
            case .success(let value): duration = value
            }
            guard duration <= maxDuration else {
                let limit =
                    breakGlass == nil
                    ? "the maximum \(policy.spec.maxDuration)"
                    : "the break-glass maximum \(policy.spec.breakGlass?.maxDuration ?? "")"
                return .rejected(
                    Rejection(
                        .durationExceedsMaximum, "requested duration \(text) exceeds \(limit) allowed by \(quoted)"))
            }
        }
        if let lead = input.leadTime {
            guard let maxLead = policy.lifecycle.maxLeadTime else {
                return .rejected(
                    Rejection(
                        .startNotAllowed,
                        "\(quoted) does not allow a scheduled start (spec.startAt): it has no maxLeadTime"))
            }
            guard lead <= maxLead else {
                return .rejected(
                    Rejection(
                        .startNotAllowed,
                        "spec.startAt is \(GoDuration.humanize(lead)) ahead, beyond the maxLeadTime \(GoDuration.humanize(maxLead)) allowed by \(quoted)"
                    ))
            }
        }
        if let compiled = policy.reasonPattern {
            let reason = input.reason ?? ""
            let pattern = compiled.source
            guard compiled.matches(in: reason) else {
                return .rejected(
                    Rejection(
                        .reasonMismatch,
                        "reason \"\(reason)\" does not match the pattern \"\(pattern)\" required by \(quoted)"))
            }
        }
        if let forbidden = policy.spec.forbiddenRules, !forbidden.isEmpty {
            guard let rules = input.roleRules else {
                return .rejected(
                    Rejection(
                        .roleRulesUnknown,
                        "\(input.role) could not be read, so its rules cannot be checked against the forbiddenRules of \(quoted)"
                    ))
            }
            if let hit = ForbiddenRules.firstCovered(forbidden, by: rules) {
                return .rejected(
                    Rejection(.forbiddenRole, "\(input.role) is forbidden by \(quoted): it grants \(hit)"))
            }
        }
        var lifecycle = policy.lifecycle
        // A break-glass grant is short and reviewed afterwards; it is never extended.
        if breakGlass != nil { lifecycle.extensionTerms = nil }
        return .allowed(
            GrantTerms(
                policy: policy.name, duration: duration, maxDuration: maxDuration,
                requiredApprovals: breakGlass == nil ? policy.spec.approval.required : 0, approvers: policy.approvers,
                approvalTimeout: policy.approvalTimeout, lifecycle: lifecycle, breakGlass: breakGlass))
    }

    /// Why a request that invalid policies cover gets no access, whatever the valid ones say: the
    /// same in both modes, so a live grant is revoked rather than left to a laxer policy.
    static func blocked(by policies: [InvalidPolicy]) -> Rejection {
        let sorted = policies.sorted { $0.name < $1.name }
        let message: String
        if let only = sorted.first, sorted.count == 1 {
            message =
                "invalid AccessPolicy \"\(only.name)\" covers this request, so no AccessPolicy may govern it until it is fixed or deleted: \(only.problem.field): \(only.problem.problem)"
        } else {
            let names = sorted.map { "\"\($0.name)\"" }.joined(separator: ", ")
            let problems = sorted.map { "\"\($0.name)\": \($0.problem.field): \($0.problem.problem)" }
            message =
                "invalid AccessPolicies \(names) cover this request, so no AccessPolicy may govern it until they are fixed or deleted: \(problems.joined(separator: "; "))"
        }
        return Rejection(.policyInvalid, message)
    }

    static func noMatch(_ input: PolicyInput, invalid: [PolicyInvalid]) -> Rejection {
        let who =
            input.requester.serviceAccount.map { "ServiceAccount \($0.namespace)/\($0.name)" }
            ?? "User \"\(input.requester.username)\""
        let what = input.breakGlass ? "break glass for" : "request"
        let place = input.clusterWide ? "cluster-wide" : "in namespace \"\(input.namespace)\""
        var message = "no AccessPolicy allows \(who) to \(what) \(input.role) \(place)"
        if !invalid.isEmpty {
            let names = invalid.map { "\"\($0.policy)\"" }.sorted().joined(separator: ", ")
            message += " (invalid policies are ignored: \(names))"
        }
        return Rejection(.noMatchingPolicy, message)
    }
}
