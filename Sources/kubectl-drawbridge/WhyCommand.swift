import ArgumentParser
import DrawbridgePlugin

/// `kubectl drawbridge why NAME`.
struct WhyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "why",
        abstract: "Explain a request: its policy, approvals, time left, binding and what it allows.")

    @Argument(help: "The AccessRequest's name.")
    var name: String

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await PluginRunner.run(cluster) { session in
            try await WhyAction(name: name, namespace: session.namespace).run(session, style: output.style)
        }
    }
}
