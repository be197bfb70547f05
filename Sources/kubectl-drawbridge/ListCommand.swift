import ArgumentParser
import DrawbridgePlugin

/// `kubectl drawbridge ls [--mine] [--to-review] [--active] [-A]`.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List AccessRequests: yours, those waiting for your review, or live grants.",
        discussion: """
            --to-review lists exactly the requests the admission webhook would let you approve now, \
            decided by the same policy engine. Filters combine.
            """,
        aliases: ["list"])

    @Flag(help: "Only requests you made.")
    var mine = false

    @Flag(help: "Only requests you may approve now (your reviewer inbox).")
    var toReview = false

    @Flag(help: "Only live grants (phase Active).")
    var active = false

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Every namespace.")
    var allNamespaces = false

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let filter = RequestFilter(mine: mine, toReview: toReview, active: active)
        try await PluginRunner.run(cluster) { session in
            try await ListAction(filter: filter, allNamespaces: allNamespaces).run(session, style: output.style)
        }
    }
}
