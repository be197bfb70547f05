import DrawbridgeAPI

/// Compiling the lifecycle parts of a policy (`extension`, ...), each problem naming its field like
/// the rest of `compile`.
extension CompiledPolicy {
    /// The lifecycle terms of `spec`, given the plain terms already compiled from it.
    static func lifecycle(
        _ spec: AccessPolicySpec, policy name: String, maxDuration: Duration, approvalTimeout: Duration,
        approvers: ApproverMatcher
    ) -> Result<LifecycleTerms, PolicyInvalid> {
        func invalid(_ field: String, _ problem: String) -> Result<LifecycleTerms, PolicyInvalid> {
            .failure(PolicyInvalid(policy: name, field: field, problem: problem))
        }
        var terms = LifecycleTerms()
        if let text = spec.maxLeadTime {
            switch positiveDuration(text) {
            case .valid(let value): terms.maxLeadTime = value
            case .invalid(let problem): return invalid("spec.maxLeadTime", problem)
            }
        }
        if let settings = spec.extension {
            let maxTotal: Duration
            switch positiveDuration(settings.maxTotal) {
            case .valid(let value): maxTotal = value
            case .invalid(let problem): return invalid("spec.extension.maxTotal", problem)
            }
            guard maxTotal >= maxDuration else {
                return invalid(
                    "spec.extension.maxTotal",
                    "\(settings.maxTotal) is less than spec.maxDuration \(spec.maxDuration): a grant may always last maxDuration, extended or not"
                )
            }
            guard settings.maxExtensions >= 1 else {
                return invalid(
                    "spec.extension.maxExtensions", "must be at least 1; leave spec.extension out to allow none")
            }
            var timeout = approvalTimeout
            if let text = settings.approval.timeout {
                switch positiveDuration(text) {
                case .valid(let value): timeout = value
                case .invalid(let problem): return invalid("spec.extension.approval.timeout", problem)
                }
            }
            let required = settings.approval.required
            guard required >= 0 else { return invalid("spec.extension.approval.required", "must be 0 or more") }
            let extensionApprovers = settings.approval.approvers.map(ApproverMatcher.init) ?? approvers
            if required > 0, extensionApprovers.users.isEmpty, extensionApprovers.groups.isEmpty {
                return invalid(
                    "spec.extension.approval.approvers",
                    "must name at least one user or group when extensions need approvals (spec.approval.approvers names none either)"
                )
            }
            if extensionApprovers.groups.isEmpty, required > extensionApprovers.users.count {
                return invalid(
                    "spec.extension.approval.required",
                    "\(required) approvals can never be reached by the \(extensionApprovers.users.count) listed users")
            }
            terms.extensionTerms = ExtensionTerms(
                maxTotal: maxTotal, maxExtensions: settings.maxExtensions, requiredApprovals: required,
                approvers: extensionApprovers, timeout: timeout)
        }
        if let settings = spec.breakGlass {
            switch breakGlass(settings, approvers: approvers, policy: name) {
            case .success(let value): terms.breakGlass = value
            case .failure(let error): return .failure(error)
            }
        }
        return .success(terms)
    }

    /// A policy's `breakGlass`, parsed: every duration at least a second, someone to break glass, and
    /// approvers to review it.
    static func breakGlass(_ settings: BreakGlassSettings, approvers: ApproverMatcher, policy: String)
        -> Result<BreakGlassTerms, PolicyInvalid>
    {
        func invalid(_ field: String, _ problem: String) -> Result<BreakGlassTerms, PolicyInvalid> {
            .failure(PolicyInvalid(policy: policy, field: field, problem: problem))
        }
        func duration(_ text: String, _ field: String) -> Result<Duration, PolicyInvalid> {
            switch positiveDuration(text) {
            case .valid(let value): .success(value)
            case .invalid(let problem): .failure(PolicyInvalid(policy: policy, field: field, problem: problem))
            }
        }
        let who = settings.requesters
        if (who.users ?? []).isEmpty, (who.groups ?? []).isEmpty, (who.serviceAccounts ?? []).isEmpty {
            return invalid("spec.breakGlass.requesters", "must name at least one user, group or ServiceAccount")
        }
        if approvers.users.isEmpty, approvers.groups.isEmpty {
            return invalid(
                "spec.approval.approvers",
                "must name at least one user or group when spec.breakGlass is set: approvers ratify or reject every break-glass grant"
            )
        }
        return duration(settings.maxDuration, "spec.breakGlass.maxDuration").flatMap { maxDuration in
            duration(settings.reviewWithin, "spec.breakGlass.reviewWithin").flatMap { reviewWithin in
                let cooldown: Result<Duration?, PolicyInvalid> =
                    settings.cooldown.map { duration($0, "spec.breakGlass.cooldown").map(Optional.some) }
                    ?? .success(nil)
                return cooldown.map {
                    BreakGlassTerms(requesters: who, maxDuration: maxDuration, reviewWithin: reviewWithin, cooldown: $0)
                }
            }
        }
    }

    /// A parsed policy field, or the problem with it.
    enum Parsed<Value> {
        case valid(Value)
        case invalid(String)
    }

    /// A Go duration of at least one second, or why not.
    static func positiveDuration(_ text: String) -> Parsed<Duration> {
        do {
            let value = try GoDuration.parse(text)
            return value >= .seconds(1) ? .valid(value) : .invalid("must be at least 1s")
        } catch {
            return .invalid(error.description)
        }
    }
}
