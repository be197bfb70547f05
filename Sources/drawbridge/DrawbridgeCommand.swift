import ArgumentParser
import ControllerRuntime
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

    /// Parses and runs the command. The controller limits malloc to one heap first: with one per busy
    /// thread, each kept its own share of the start-up's freed memory resident (see `ProcessMemory`).
    static func main() async {
        if CommandLine.arguments.dropFirst().first == ControllerCommand.configuration.commandName {
            ProcessMemory.limitMallocArenas(to: 1)
        }
        await main(nil)
    }
}
