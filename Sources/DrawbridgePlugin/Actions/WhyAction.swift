import DrawbridgeAPI
import KubeClient

/// `kubectl drawbridge why NAME` (or `car/NAME`): the full explanation of one request (see
/// `RequestExplanation`), read with the caller's permissions; what they may not read is named, not
/// guessed.
public struct WhyAction: Sendable {
    /// The request's name.
    public var name: String
    /// Its namespace (ignored for a ClusterAccessRequest).
    public var namespace: String
    /// True for a ClusterAccessRequest.
    public var clusterWide: Bool

    /// The explanation of `name` in `namespace`, or of the ClusterAccessRequest `name`.
    public init(name: String, namespace: String, clusterWide: Bool = false) {
        self.name = name
        self.namespace = namespace
        self.clusterWide = clusterWide
    }

    /// Reads the request, the policies, the role and the binding, and reports as `style` asks.
    public func run(_ session: PluginSession, style: OutputStyle) async throws -> PluginOutput {
        let request =
            clusterWide
            ? try await session.clusterRequest(name) : try await session.request(name, namespace: namespace)
        let context = try await PolicyContext.gather(
            session, namespaces: clusterWide ? [] : [namespace],
            roleNamespaces: request.spec.role.kind == Role.kind && !clusterWide ? [namespace] : [], wantRules: true)
        var binding: RoleBinding?
        var note: String?
        if let bindingName = request.status?.roleBinding {
            do {
                binding = try await grantBinding(named: bindingName, in: session)
            } catch let error as APIError where error.code == 403 {
                note =
                    clusterWide
                    ? "you may not read ClusterRoleBindings, so its subjects are not shown"
                    : "you may not read RoleBindings in \(namespace), so its subjects are not shown"
            } catch let error as APIError where error.isNotFound {
                let live = request.status?.phase == .active
                note =
                    live
                    ? "not found: the controller puts a live grant's binding back (TamperReverted)"
                    : "gone: the grant has ended"
            }
        }
        let explanation = RequestExplanation(
            request: request, context: context, now: session.now(), binding: binding, bindingNote: note)
        switch style.format {
        case .table: return PluginOutput(stdout: ExplanationText.render(explanation, colors: style.colors))
        case .json: return PluginOutput(stdout: try OutputFormat.json(explanation))
        case .yaml: return PluginOutput(stdout: try OutputFormat.yaml(explanation))
        case .name: return PluginOutput(stdout: OutputFormat.name(request) + "\n")
        }
    }

    /// The grant's binding: the RoleBinding in the namespace, or for a ClusterAccessRequest the
    /// ClusterRoleBinding, in the shape the explanation shows (subjects and role reference).
    func grantBinding(named bindingName: String, in session: PluginSession) async throws -> RoleBinding {
        guard clusterWide else {
            return try await session.client.get(RoleBinding.self, name: bindingName, namespace: namespace)
        }
        let binding = try await session.client.get(ClusterRoleBinding.self, name: bindingName)
        return RoleBinding(metadata: binding.metadata, subjects: binding.subjects, roleRef: binding.roleRef)
    }
}
