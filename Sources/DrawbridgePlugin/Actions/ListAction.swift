import DrawbridgeAPI

/// `kubectl drawbridge ls [--mine] [--to-review] [--active] [-A]`: the requests of a namespace (or
/// all), narrowed to the caller's own, to the caller's reviewer inbox, or to live grants.
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
        let (requests, undecodable) = try await session.requests(allNamespaces: allNamespaces)
        let caller = filter.needsIdentity ? try await session.whoami() : nil
        var context: PolicyContext?
        if filter.toReview {
            // Undecided requests, and live grants (an extension may wait on them).
            let candidates = requests.filter {
                let phase = $0.status?.phase
                return phase == nil || phase == .pending || phase == .active
            }
            context = try await PolicyContext.gather(
                session, namespaces: Set(candidates.compactMap(\.metadata.namespace)),
                roleNamespaces: Set(
                    candidates.filter { $0.spec.role.kind == Role.kind }.compactMap(\.metadata.namespace)))
        }
        let shown = filter.apply(requests, caller: caller, context: context, now: session.now())
        var output = PluginOutput()
        output.stderr = PluginOutput.notes(
            undecodable.map { "AccessRequest \($0) could not be read and is not shown" } + (context?.notes ?? []))
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
        case .json: output.stdout = try OutputFormat.json(try OutputFormat.list(shown))
        case .yaml: output.stdout = try OutputFormat.yaml(try OutputFormat.list(shown))
        case .name: output.stdout = shown.map { OutputFormat.name($0) + "\n" }.joined()
        }
        return output
    }
}
