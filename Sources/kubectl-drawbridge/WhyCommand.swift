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
        if case .failure(let error) = RequestReference.parse(name) { throw ValidationError(error.description) }
    }

    func run() async throws {
        let reference = try RequestReference.parse(name).get()
        try await PluginRunner.run(cluster) { session in
            try await WhyAction(name: reference.name, namespace: session.namespace, clusterWide: reference.clusterWide)
                .run(session, style: output.style)
        }
    }
}
