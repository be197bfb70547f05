import ArgumentParser
import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgePlugin
import Foundation

/// `kubectl drawbridge request ROLE --for 30m --reason "..."`.
struct RequestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Ask for a role in a namespace, or a ClusterRole cluster-wide, for a while.",
        discussion: """
            Prints the AccessPolicy that governs the request and what it still needs. With --wait, \
            follows it until it is Active (exit 0) or Denied, Rejected, TimedOut, Revoked or Expired \
            (exit 2). With --cluster-wide it creates a ClusterAccessRequest: the ClusterRole in every \
            namespace and for cluster-scoped resources, governed by policies with scope Cluster.

            Example: kubectl drawbridge request edit -n demo --for 30m --reason "INC-42 roll back"
            Example: kubectl drawbridge request node-debugger --cluster-wide --for 1h --reason "INC-43"
            """)

    @Argument(help: "The role: NAME (a ClusterRole unless --role), or ClusterRole/NAME, Role/NAME.")
    var role: String

    @Flag(help: "ROLE is a ClusterRole, bound in the namespace (the default).")
    var clusterRole = false

    @Flag(name: .customLong("role"), help: "ROLE is a Role of the namespace.")
    var namespacedRole = false

    @Option(
        name: .customLong("for"),
        help: ArgumentHelp("How long, as a Go duration (15m, 1h30m); default: the policy's.", valueName: "duration"))
    var duration: String?

    @Option(help: "Why you need it; policies may require a pattern such as a ticket id.")
    var reason: String

    @Option(help: "The AccessRequest's name (default: USER-ROLE- and a random suffix).")
    var name: String?

    @Flag(help: "A ClusterAccessRequest: the ClusterRole in every namespace (-n is ignored).")
    var clusterWide = false

    @Flag(help: "Break glass: granted at once without approval where a policy allows you, reviewed afterwards.")
    var breakGlass = false

    @Option(
        help: ArgumentHelp(
            "When access should start (RFC 3339, e.g. 2030-01-02T09:00:00Z); approvers may approve before.",
            valueName: "time"))
    var startAt: String?

    @Flag(help: "Wait until the request is Active, or over.")
    var wait = false

    @Option(
        help: ArgumentHelp(
            "With --wait: give up after this long (Go duration); default: wait until decided.", valueName: "duration"))
    var timeout: String?

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        let role = try roleReference()
        if clusterWide, role.kind != ClusterRole.kind {
            throw ValidationError("--cluster-wide grants a ClusterRole; a Role belongs to one namespace")
        }
        if let duration, case .failure(let rejection) = RequestValidator.duration(duration) {
            throw ValidationError("--for: \(rejection.message.replacingOccurrences(of: "spec.duration: ", with: ""))")
        }
        if reason.allSatisfy(\.isWhitespace) { throw ValidationError("--reason must say why access is needed") }
        _ = try timeoutDuration()
        _ = try startTime()
    }

    func run() async throws {
        let role = try roleReference()
        let timeout = try timeoutDuration()
        try await PluginRunner.run(cluster) { session in
            try await RequestAction(
                role: role, duration: duration, reason: reason, name: name, namespace: session.namespace, wait: wait,
                timeout: timeout, breakGlass: breakGlass, startAt: try startTime(), clusterWide: clusterWide
            ).run(session, style: output.style, progress: { PluginRunner.write($0, to: .standardOutput) })
        }
    }

    /// ROLE with its kind from `Kind/name` or the flags (ClusterRole by default).
    func roleReference() throws -> RoleReference {
        try RoleArgument.parse(role, clusterRole: clusterRole, namespacedRole: namespacedRole)
    }

    /// `--start-at` parsed; nil without it.
    func startTime() throws -> KubeTime? {
        guard let startAt else { return nil }
        guard let time = KubeTime(rfc3339: startAt) else {
            throw ValidationError("--start-at: \"\(startAt)\" is not an RFC 3339 time such as 2030-01-02T09:00:00Z")
        }
        return time
    }

    func timeoutDuration() throws -> Duration? {
        guard let timeout else { return nil }
        do {
            return try GoDuration.parse(timeout)
        } catch {
            throw ValidationError("--timeout: \(error)")
        }
    }
}

/// Reads a role argument: `edit`, `ClusterRole/edit` or `Role/deployer`, with `--cluster-role` or
/// `--role` saying the kind of a bare name.
enum RoleArgument {
    static func parse(_ text: String, clusterRole: Bool, namespacedRole: Bool) throws -> RoleReference {
        if clusterRole && namespacedRole { throw ValidationError("--role and --cluster-role exclude each other") }
        let flagKind: String? = namespacedRole ? Role.kind : clusterRole ? ClusterRole.kind : nil
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else {
            guard !text.isEmpty else { throw ValidationError("ROLE must not be empty") }
            return RoleReference(kind: flagKind ?? ClusterRole.kind, name: text)
        }
        let kind: String
        switch parts[0].lowercased() {
        case "clusterrole", "clusterroles": kind = ClusterRole.kind
        case "role", "roles": kind = Role.kind
        default: throw ValidationError("ROLE \(text): the kind must be ClusterRole or Role")
        }
        if let flagKind, flagKind != kind { throw ValidationError("ROLE \(text) contradicts the kind flag") }
        guard !parts[1].isEmpty else { throw ValidationError("ROLE \(text) has no name") }
        return RoleReference(kind: kind, name: parts[1])
    }
}
