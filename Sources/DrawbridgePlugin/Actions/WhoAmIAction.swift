import DrawbridgeAPI

/// `kubectl drawbridge whoami`: the user name and groups the API server sees (SelfSubjectReview),
/// so a person can tell why a policy's requester or approver list does not match them.
public struct WhoAmIAction: Sendable {
    /// The only way to ask.
    public init() {}

    /// Asks the API server and reports as `style` asks.
    public func run(_ session: PluginSession, style: OutputStyle) async throws -> PluginOutput {
        let review = try await session.selfSubjectReview()
        let identity = CallerIdentity(review: review)
        switch style.format {
        case .table: return PluginOutput(stdout: Self.table(identity).render(headers: style.headers))
        case .json: return PluginOutput(stdout: try OutputFormat.json(review))
        case .yaml: return PluginOutput(stdout: try OutputFormat.yaml(review))
        case .name: return PluginOutput(stdout: identity.username + "\n")
        }
    }

    /// `ATTRIBUTE VALUE` rows as `kubectl auth whoami` prints them: Username, UID, Groups, Extra.
    public static func table(_ identity: CallerIdentity) -> TextTable {
        var rows: [[TextTable.Cell]] = [["Username", TextTable.Cell(identity.username)]]
        if let uid = identity.uid, !uid.isEmpty { rows.append(["UID", TextTable.Cell(uid)]) }
        if !identity.groups.isEmpty {
            rows.append(["Groups", TextTable.Cell("[\(identity.groups.joined(separator: " "))]")])
        }
        for (key, values) in identity.extra.sorted(by: { $0.key < $1.key }) {
            rows.append([TextTable.Cell("Extra: \(key)"), TextTable.Cell("[\(values.joined(separator: " "))]")])
        }
        return TextTable(headers: ["ATTRIBUTE", "VALUE"], rows: rows)
    }
}
