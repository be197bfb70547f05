import DrawbridgeAPI
import KubeClient

/// `kubectl drawbridge why NAME`: the full explanation of one request (see `RequestExplanation`),
/// read with the caller's permissions; what they may not read is named, not guessed.
public struct WhyAction: Sendable {
    /// The request's name.
    public var name: String
    /// Its namespace.
    public var namespace: String

    /// The explanation of `name` in `namespace`.
    public init(name: String, namespace: String) {
        self.name = name
        self.namespace = namespace
    }

    /// Reads the request, the policies, the role and the binding, and reports as `style` asks.
    public func run(_ session: PluginSession, style: OutputStyle) async throws -> PluginOutput {
        let request = try await session.request(name, namespace: namespace)
        let context = try await PolicyContext.gather(
            session, namespaces: [namespace], roleNamespaces: request.spec.role.kind == Role.kind ? [namespace] : [],
            wantRules: true)
        var binding: RoleBinding?
        var note: String?
        if let bindingName = request.status?.roleBinding {
            do {
                binding = try await session.client.get(RoleBinding.self, name: bindingName, namespace: namespace)
            } catch let error as APIError where error.code == 403 {
                note = "you may not read RoleBindings in \(namespace), so its subjects are not shown"
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
}
