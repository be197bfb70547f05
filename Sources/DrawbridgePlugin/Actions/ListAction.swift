import DrawbridgeAPI
import KubeClient

/// `kubectl drawbridge ls [--mine] [--to-review] [--active] [-A]`: the requests of a namespace (or
/// all) and the ClusterAccessRequests, narrowed to the caller's own, to the caller's reviewer inbox,
/// or to live grants.
public struct ListAction: Sendable {
    /// Which requests to show.
    public var filter: RequestFilter
    /// `-A`.
    public var allNamespaces: Bool

    /// A listing with `filter`, in the session's namespace or all of them.
    public init(filter: RequestFilter, allNamespaces: Bool) {
        self.filter = filter
        self.allNamespaces = allNamespaces
    }

    /// Lists and reports as `style` asks; an empty result says so on standard error, as kubectl does.
    public func run(_ session: PluginSession, style: OutputStyle) async throws -> PluginOutput {
        var (requests, undecodable) = try await session.requests(allNamespaces: allNamespaces)
        var notes: [String] = []
        // Cluster-wide requests concern every namespace, so every listing shows them. Who may not
        // list them (a requester of namespaced roles only) or a cluster without their CRD simply has
        // none to show; a reviewer is told, since their inbox would be incomplete.
        do {
            let cluster = try await session.clusterRequests()
            requests += cluster.items
            undecodable += cluster.undecodable
        } catch let error as APIError where error.code == 403 || error.isNotFound {
            if filter.toReview {
                notes.append(
                    "ClusterAccessRequests are not shown: \(error.code == 403 ? "you may not list them" : "their CRD is not installed")"
                )
            }
        }
        let caller = filter.needsIdentity ? try await session.whoami() : nil
        var context: PolicyContext?
        if filter.toReview {
            // Undecided requests, live grants (an extension may wait on them) and break-glass grants,
            // live or ended (their review may wait).
            let candidates = requests.filter {
                let phase = $0.status?.phase
                return phase == nil || phase == .pending || phase == .active
                    || ($0.spec.breakGlass == true && $0.status?.grantedAt != nil)
            }
            context = try await PolicyContext.gather(
                session, namespaces: Set(candidates.compactMap(\.metadata.namespace)),
                roleNamespaces: Set(
                    candidates.filter { $0.spec.role.kind == Role.kind }.compactMap(\.metadata.namespace)))
        }
        let shown = filter.apply(requests, caller: caller, context: context, now: session.now())
        var output = PluginOutput()
        output.stderr = PluginOutput.notes(
            undecodable.map { "\($0) could not be read and is not shown" } + notes + (context?.notes ?? []))
        switch style.format {
        case .table:
            guard !shown.isEmpty else {
                let scope = allNamespaces ? "" : " in \(session.namespace) namespace"
                output.stderr += "No resources found\(scope).\n"
                return output
            }
            let table =
                filter.toReview
                ? RequestTable.review(
                    shown, allNamespaces: allNamespaces, context: context ?? PolicyContext(policies: []),
                    now: session.now())
                : RequestTable.standard(shown, allNamespaces: allNamespaces, now: session.now())
            output.stdout = table.render(headers: style.headers, colors: style.colors)
        case .json: output.stdout = try OutputFormat.json(try OutputFormat.list(shown.map(OutputFormat.wire)))
        case .yaml: output.stdout = try OutputFormat.yaml(try OutputFormat.list(shown.map(OutputFormat.wire)))
        case .name: output.stdout = shown.map { OutputFormat.name($0) + "\n" }.joined()
        }
        return output
    }
}
