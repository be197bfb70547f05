import DrawbridgeAPI

/// Which channels a request's notifications go to, read from AccessPolicies' `notify`.
///
/// Every action goes through the governing policy (`status.policy`); `Rejected` goes through every
/// valid policy that covers the request's requester, namespace and role, since a rejected request
/// may have no governing policy (its duration was too long for the only policy that covers it, say)
/// and its would-be approvers are the ones to tell.
public enum NotificationRouting {
    /// The channels of `routes` that take `action`, sorted, each once.
    public static func channels(for action: NotificationAction, in routes: [NotificationRoute]) -> [String] {
        Array(Set(routes.filter { $0.on.contains(action.rawValue) }.map(\.channel))).sorted()
    }

    /// The `notify` of the valid policy named `name`; empty when there is none.
    public static func routes(ofPolicy name: String?, in policies: PolicySet) -> [NotificationRoute] {
        guard let name else { return [] }
        return policies.valid.first { $0.name == name }?.spec.notify ?? []
    }

    /// The `notify` of every valid policy that covers `input` (for `Rejected`).
    public static func routes(covering input: PolicyInput, in policies: PolicySet) -> [NotificationRoute] {
        policies.valid.filter { $0.matches(input) }.flatMap { $0.spec.notify ?? [] }
    }

    /// The first problem in `notify`, as `(field, problem)`: an empty or malformed channel name, an
    /// action that cannot be routed, a percentage out of range. Such a policy is invalid like any
    /// other (admission refuses it).
    static func problem(in routes: [NotificationRoute]?) -> (field: String, problem: String)? {
        for (index, route) in (routes ?? []).enumerated() {
            let field = "spec.notify[\(index)]"
            if !isChannelName(route.channel) {
                return (
                    "\(field).channel",
                    "\"\(route.channel)\" is not a NotificationChannel name (lower-case letters, digits, '-' and '.')"
                )
            }
            if route.on.isEmpty { return ("\(field).on", "must name at least one action") }
            for (position, name) in route.on.enumerated() where NotificationAction(rawValue: name) == nil {
                let valid = NotificationAction.routable.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
                return ("\(field).on[\(position)]", "Unsupported value \"\(name)\": supported values: \(valid)")
            }
            if let percent = route.expiringSoonPercent, !(1...99).contains(percent) {
                return ("\(field).expiringSoonPercent", "must be between 1 and 99, not \(percent)")
            }
        }
        return nil
    }

    /// A lower-case RFC 1123 subdomain, as Kubernetes object names are.
    static func isChannelName(_ name: String) -> Bool {
        guard !name.isEmpty, name.count <= 253 else { return false }
        return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            guard let first = label.first, let last = label.last else { return false }
            let allowed = label.allSatisfy { $0 == "-" || ($0.isASCII && ($0.isLowercase || $0.isNumber)) }
            return allowed && first != "-" && last != "-"
        }
    }
}
