import ArgumentParser
import DrawbridgePlugin

/// `kubectl drawbridge why NAME`.
struct WhyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "why",
        abstract: "Explain a request: its policy, approvals, time left, binding and what it allows.")

    @Argument(help: "The request: NAME or ar/NAME (an AccessRequest), car/NAME (a ClusterAccessRequest).")
    var name: String

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        _ = try reference
    }

    /// NAME, `ar/NAME` or `car/NAME`.
    var reference: RequestReference {
        get throws {
            switch RequestReference.parse(name) {
            case .success(let reference): return reference
            case .failure(let error): throw ValidationError(error.description)
            }
        }
    }

    func run() async throws {
        let reference = try reference
        try await PluginRunner.run(cluster) { session in
            try await WhyAction(name: reference.name, namespace: session.namespace, clusterWide: reference.clusterWide)
                .run(session, style: output.style)
        }
    }
}
