import ArgumentParser
import DrawbridgeAPI

/// The `drawbridge` command line.
@main
struct DrawbridgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drawbridge",
        abstract: "Just-in-time, approved, audited access to Kubernetes RBAC roles.",
        version: Drawbridge.release,
        subcommands: [
            DevCommand.self, ControllerCommand.self, EmulatorCommand.self, ValidateCommand.self, PolicyCommand.self,
            KeysCommand.self,
        ])
}
