import ArgumentParser
import DrawbridgeAPI
import DrawbridgePlugin

/// The arguments the review subcommands share.
struct ReviewArguments: ParsableArguments {
    @Argument(help: "The request: NAME or ar/NAME (an AccessRequest), or car/NAME (a ClusterAccessRequest).")
    var name: String

    @Option(help: "A comment recorded with the review.")
    var comment: String?

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if case .failure(let error) = RequestReference.parse(name) { throw ValidationError(error.description) }
    }

    /// Records `decision` as the caller.
    func record(_ decision: ReviewDecision, duration: String? = nil) async throws {
        let reference = try RequestReference.parse(name).get()
        try await PluginRunner.run(cluster) { session in
            var action = ReviewAction(
                decision: decision, name: reference.name, namespace: session.namespace, comment: comment,
                duration: duration)
            action.clusterWide = reference.clusterWide
            return try await action.run(session, style: output.style)
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

/// `kubectl drawbridge ratify NAME`.
struct RatifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ratify", abstract: "Confirm a break-glass grant afterwards (approvers under its policy).")
    @OptionGroup var arguments: ReviewArguments
    func run() async throws { try await arguments.record(.ratify) }
}

/// `kubectl drawbridge reject NAME`.
struct RejectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject",
        abstract: "Refuse a break-glass grant afterwards; a live one is revoked at once (approvers under its policy).")
    @OptionGroup var arguments: ReviewArguments
    func run() async throws { try await arguments.record(.reject) }
}

/// `kubectl drawbridge extend NAME --by 30m`.
struct ExtendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extend",
        abstract: "Ask for more time on an Active grant (its requester, or an approver).",
        discussion: """
            Records status.review {decision: Extend, duration}. The governing policy's extension \
            decides: it may extend at once, wait for approvals (approvers then run approve or deny), or \
            refuse (beyond maxTotal or maxExtensions); `kubectl drawbridge why NAME` shows which.

            Example: kubectl drawbridge extend alice-edit -n demo --by 30m --comment "INC-42 still open"
            """)
    @Option(help: ArgumentHelp("How much longer, as a Go duration (15m, 1h).", valueName: "duration"))
    var by: String
    @OptionGroup var arguments: ReviewArguments
    func run() async throws { try await arguments.record(.extend, duration: by) }
}
