import DrawbridgeAPI
import KubeClient

/// `kubectl drawbridge approve|deny|revoke|ratify|reject NAME [--comment]` and
/// `kubectl drawbridge extend NAME --by 30m` (NAME may be `car/NAME` for a ClusterAccessRequest):
/// writes `status.review` through the
/// status subresource, the one field reviewers may write. The admission webhook stamps who the
/// caller is, checks they may make that decision, and refuses with one line when not; that line
/// is what the caller sees.
public struct ReviewAction: Sendable {
    /// Which review to record.
    public var decision: ReviewDecision
    /// The request's name.
    public var name: String
    /// Its namespace.
    public var namespace: String
    /// `--comment`, recorded with the review.
    public var comment: String?
    /// `--by` of `extend`: the extra time asked for (a Go duration); nil for every other decision.
    public var duration: String?
    /// True for a ClusterAccessRequest (`namespace` is then ignored).
    public var clusterWide = false

    /// A review of `name` in `namespace`.
    public init(
        decision: ReviewDecision, name: String, namespace: String, comment: String? = nil, duration: String? = nil
    ) {
        self.decision = decision
        self.name = name
        self.namespace = namespace
        self.comment = comment
        self.duration = duration
    }

    /// The merge patch for the status subresource: `{"status":{"review":{...}}}`.
    var patch: JSONValue {
        var review: [String: JSONValue] = ["decision": .string(decision.rawValue)]
        if let comment, !comment.isEmpty { review["comment"] = .string(comment) }
        if let duration { review["duration"] = .string(duration) }
        return ["status": ["review": .object(review)]]
    }

    /// `approved`, `denied`, `revoked`, ...: what kubectl-style output says happened.
    var pastTense: String {
        switch decision {
        case .approve: "approved"
        case .deny: "denied"
        case .revoke: "revoked"
        case .extend: "extension by \(duration ?? "") requested"
        case .ratify: "ratified"
        case .reject: "rejected"
        }
    }

    /// Records the review and reports as `style` asks.
    public func run(_ session: PluginSession, style: OutputStyle) async throws -> PluginOutput {
        guard clusterWide else {
            return try Self.report(
                try await session.client.patch(
                    AccessRequest.self, name: name, namespace: namespace, type: .merge, body: patch,
                    subresource: "status"), pastTense: pastTense, style: style)
        }
        return try Self.report(
            try await session.client.patch(
                ClusterAccessRequest.self, name: name, type: .merge, body: patch, subresource: "status"),
            pastTense: pastTense, style: style)
    }

    /// What the command prints about the request as stored after the review.
    static func report<R: KubeResource>(_ updated: R, pastTense: String, style: OutputStyle) throws -> PluginOutput {
        switch style.format {
        case .table: return PluginOutput(stdout: "\(OutputFormat.name(updated)) \(pastTense)\n")
        case .json: return PluginOutput(stdout: try OutputFormat.json(updated))
        case .yaml: return PluginOutput(stdout: try OutputFormat.yaml(updated))
        case .name: return PluginOutput(stdout: OutputFormat.name(updated) + "\n")
        }
    }
}
