import ArgumentParser

/// `drawbridge policy ...`: work with AccessPolicies offline.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Work with AccessPolicies without a cluster.",
        subcommands: [PolicyCheckCommand.self])
}
