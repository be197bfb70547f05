import ArgumentParser
import DrawbridgePlugin

/// `kubectl drawbridge whoami`.
struct WhoAmICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami",
        abstract: "Show the user name and groups the API server sees (what policies match).")

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await PluginRunner.run(cluster) { session in
            try await WhoAmIAction().run(session, style: output.style)
        }
    }
}
