import ArgumentParser
import DrawbridgeAPI
import DrawbridgePlugin

/// The arguments the three review subcommands share.
struct ReviewArguments: ParsableArguments {
    @Argument(help: "The AccessRequest's name.")
    var name: String

    @Option(help: "A comment recorded with the review.")
    var comment: String?

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var output: OutputOptions

    /// Records `decision` as the caller.
    func record(_ decision: ReviewDecision) async throws {
        try await PluginRunner.run(cluster) { session in
            try await ReviewAction(decision: decision, name: name, namespace: session.namespace, comment: comment)
                .run(session, style: output.style)
        }
    }
}

/// `kubectl drawbridge approve NAME`.
struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Approve a request (approvers under its governing policy).")
    @OptionGroup var arguments: ReviewArguments
    func run() async throws { try await arguments.record(.approve) }
}

/// `kubectl drawbridge deny NAME`.
struct DenyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deny", abstract: "Deny a pending request (approvers under its governing policy).")
    @OptionGroup var arguments: ReviewArguments
    func run() async throws { try await arguments.record(.deny) }
}

/// `kubectl drawbridge revoke NAME`.
struct RevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "End a grant early, or withdraw a request (approvers, or the requester).")
    @OptionGroup var arguments: ReviewArguments
    func run() async throws { try await arguments.record(.revoke) }
}
