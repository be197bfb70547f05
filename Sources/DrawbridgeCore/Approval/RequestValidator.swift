import DrawbridgeAPI

/// Checks an AccessRequest's spec on its own, before any policy is consulted. Each problem is one
/// clear sentence naming the field, so a malformed request becomes `Rejected` with a readable reason
/// instead of an error loop.
public enum RequestValidator {
    /// Grants shorter than this would expire before the binding is even observed.
    public static let minimumDuration: Duration = .seconds(1)

    /// The first problem with `spec`, or nil when it is well-formed. `clusterWide`: the spec of a
    /// ClusterAccessRequest, which can bind only a ClusterRole.
    public static func validate(_ spec: AccessRequestSpec, clusterWide: Bool = false) -> Rejection? {
        problems(spec, clusterWide: clusterWide).first
    }

    /// Every problem with `spec`, in field order (the admission webhook reports them all at once).
    public static func problems(_ spec: AccessRequestSpec, clusterWide: Bool = false) -> [Rejection] {
        var problems: [Rejection] = []
        if clusterWide, spec.role.kind != ClusterRole.kind {
            problems.append(
                Rejection(
                    .unsupportedRoleKind,
                    "spec.role.kind: Unsupported value \"\(spec.role.kind)\": supported values: \"ClusterRole\" (a ClusterAccessRequest is granted through a ClusterRoleBinding)"
                ))
        } else if !RoleReference.supportedKinds.contains(spec.role.kind) {
            problems.append(
                Rejection(
                    .unsupportedRoleKind,
                    "spec.role.kind: Unsupported value \"\(spec.role.kind)\": supported values: \"Role\", \"ClusterRole\""
                ))
        }
        if spec.role.name.trimmingWhitespace.isEmpty {
            problems.append(
                Rejection(.roleNameRequired, "spec.role.name: Required value: name the Role or ClusterRole"))
        }
        if let text = spec.duration, case .failure(let rejection) = duration(text) {
            problems.append(rejection)
        }
        if spec.breakGlass == true, spec.startAt != nil {
            problems.append(
                Rejection(
                    .startNotAllowed, "spec.startAt: a break-glass request starts at once; it cannot have startAt"))
        }
        if (spec.reason ?? "").trimmingWhitespace.isEmpty {
            problems.append(Rejection(.reasonRequired, "spec.reason: Required value: say why access is needed"))
        }
        if spec.requester == nil || spec.requester?.username.isEmpty == true {
            problems.append(
                Rejection(
                    .requesterUnknown,
                    "spec.requester is not set: the request did not pass through the Drawbridge admission webhook"))
        }
        return problems
    }

    /// Parses a requested duration: a positive Go duration of at least one second.
    public static func duration(_ text: String) -> Result<Duration, Rejection> {
        do {
            let value = try GoDuration.parse(text)
            guard value >= minimumDuration else {
                return .failure(
                    Rejection(.invalidDuration, "spec.duration: \"\(text)\" is too short: must be at least 1s"))
            }
            return .success(value)
        } catch {
            return .failure(Rejection(.invalidDuration, "spec.duration: \(error.description)"))
        }
    }
}

extension String {
    var trimmingWhitespace: Substring {
        let trimmed = drop(while: \.isWhitespace)
        return trimmed.dropLast(trimmed.reversed().prefix(while: \.isWhitespace).count)
    }
}
