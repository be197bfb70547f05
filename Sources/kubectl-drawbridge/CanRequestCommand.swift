import ArgumentParser
import DrawbridgeAPI
import DrawbridgePlugin

/// `kubectl drawbridge can-request [ROLE] [-n NS]`.
struct CanRequestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "can-request",
        abstract: "Show which roles you may request where, for how long, with how many approvals.",
        discussion: """
            Without -n, every place a policy names ("*" means any namespace no other policy names); \
            with -n, that namespace exactly. With ROLE, exits 1 when no policy allows it.
            """)

    @Argument(help: "Only this role: NAME, ClusterRole/NAME or Role/NAME.")
    var role: String?

    @Flag(help: "ROLE is a ClusterRole.")
    var clusterRole = false

    @Flag(name: .customLong("role"), help: "ROLE is a Role.")
    var namespacedRole = false

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let role { _ = try RoleArgument.parse(role, clusterRole: clusterRole, namespacedRole: namespacedRole) }
    }

    func run() async throws {
        var name: String?
        var kind: String?
        if let role {
            let reference = try RoleArgument.parse(role, clusterRole: clusterRole, namespacedRole: namespacedRole)
            name = reference.name
            // A bare name without a kind flag matches either kind.
            kind = role.contains("/") || clusterRole || namespacedRole ? reference.kind : nil
        }
        let namespace = cluster.namespace
        try await PluginRunner.run(cluster) { session in
            try await CanRequestAction(roleName: name, roleKind: kind, namespace: namespace)
                .run(session, style: output.style)
        }
    }
}
