import ArgumentParser

/// The `drawbridge` command line.
@main
struct DrawbridgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drawbridge",
        abstract: "Just-in-time, approved, audited access to Kubernetes RBAC roles.",
        version: DrawbridgeVersion.current,
        subcommands: [DevCommand.self, ControllerCommand.self, EmulatorCommand.self, ValidateCommand.self, PolicyCommand.self])
}

/// The release this binary was built from.
enum DrawbridgeVersion {
    static let current = "0.1.0-dev"
}
