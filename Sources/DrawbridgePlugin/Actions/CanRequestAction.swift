import DrawbridgeAPI
import DrawbridgeCore

/// `kubectl drawbridge can-request [ROLE] [-n NS]`: which roles the caller may request where, for
/// how long, with how many approvals; a live `policy check` for oneself, judged by the policy
/// engine with the caller's identity as the API server sees it. Exits 1 when ROLE is given and
/// nothing allows it, as `kubectl auth can-i` answers "no".
public struct CanRequestAction: Sendable {
    /// Only this role name, when given.
    public var roleName: String?
    /// Only this kind, when given (`--role` / `--cluster-role`).
    public var roleKind: String?
    /// Only this namespace, when given; else every place a policy names.
    public var namespace: String?

    /// A question about `roleName` (any when nil) in `namespace` (anywhere when nil).
    public init(roleName: String? = nil, roleKind: String? = nil, namespace: String? = nil) {
        self.roleName = roleName
        self.roleKind = roleKind
        self.namespace = namespace
    }

    /// Asks and reports as `style` asks.
    public func run(_ session: PluginSession, style: OutputStyle) async throws -> PluginOutput {
        let caller = try await session.whoami()
        let context = try await PolicyContext.gather(
            session, namespaces: namespace.map { [$0] } ?? [],
            roleNamespaces: namespace.map { roleKind == ClusterRole.kind ? [] : [$0] } ?? [])
        let offers = RequestOptions.offers(
            to: caller.userIdentity, policies: context.accessPolicies,
            namespace: namespace, namespaceLabels: namespace.flatMap { context.namespaceLabels[$0] } ?? [:],
            roleName: roleName, roleKind: roleKind, roleRules: { context.rules(of: $0, namespace: $1) })
        let rows = offers.map(OfferTable.Row.init)
        var output = PluginOutput(stderr: PluginOutput.notes(context.notes))
        if rows.isEmpty || (roleName != nil && !rows.contains(where: \.allowed)) {
            output.exitCode = roleName == nil ? .success : .refused
            output.stderr +=
                "\(Self.nothing(caller: caller, roleName: roleName, roleKind: roleKind, namespace: namespace))\n"
        }
        switch style.format {
        case .table:
            if !rows.isEmpty {
                output.stdout = OfferTable.table(rows).render(headers: style.headers, colors: style.colors)
            }
        case .json: output.stdout = try OutputFormat.json(rows)
        case .yaml: output.stdout = try OutputFormat.yaml(rows)
        case .name:
            var seen = Set<String>()
            for offer in offers where offer.decision.isAllowed {
                let line = "\(offer.role.kind.lowercased()).rbac.authorization.k8s.io/\(offer.role.name)"
                if seen.insert(line).inserted { output.stdout += line + "\n" }
            }
        }
        return output
    }

    /// `no AccessPolicy lets alice (groups developers) request ClusterRole/admin in namespace demo`.
    static func nothing(caller: CallerIdentity, roleName: String?, roleKind: String?, namespace: String?) -> String {
        let groups = caller.groups.isEmpty ? "" : " (groups \(caller.groups.joined(separator: ", ")))"
        let role = roleName.map { name in " " + (roleKind.map { "\($0)/\(name)" } ?? name) } ?? " any role"
        let place = namespace.map { " in namespace \($0)" } ?? ""
        return "no AccessPolicy lets \(caller.username)\(groups) request\(role)\(place)"
    }
}
