import ArgumentParser

/// The `drawbridge` command line.
@main
struct DrawbridgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drawbridge",
        abstract: "Just-in-time, approved, audited access to Kubernetes RBAC roles.")
}
