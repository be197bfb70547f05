import ArgumentParser
import ControllerRuntime
import DrawbridgeCore

/// `--leader-elect` and its timings, named and defaulted as controller-runtime names them, so the
/// Deployment's two replicas take turns instead of both acting.
struct LeaderElectionOptions: ParsableArguments {
    @Flag(help: "Compete for a Lease and reconcile only while holding it (run with several replicas).")
    var leaderElect = false

    @Option(help: "The Lease's name.")
    var leaderElectId = "drawbridge-controller"

    @Option(help: "The Lease's namespace (default: the pod's namespace).")
    var leaderElectNamespace: String?

    @Option(help: "How long a leader that stopped renewing keeps the Lease (Go duration).")
    var leaderElectLeaseDuration = "15s"

    @Option(help: "How long the leader keeps trying to renew before it stops acting (Go duration).")
    var leaderElectRenewDeadline = "10s"

    @Option(help: "How often candidates try to acquire and the leader renews (Go duration).")
    var leaderElectRetryPeriod = "2s"

    /// A CLIError rather than a ValidationError: one line, without the usage text.
    func validate() throws {
        _ = try configuration(namespace: InstallNamespace.fallback)
    }

    /// The election to run, or nil without `--leader-elect`; the Lease lives in
    /// `--leader-elect-namespace`, else in `namespace` (where Drawbridge is installed).
    func configuration(namespace: String) throws -> LeaderElectionConfig? {
        guard leaderElect else { return nil }
        let config = LeaderElectionConfig(
            namespace: leaderElectNamespace ?? namespace, name: leaderElectId,
            leaseDuration: try Self.duration(leaderElectLeaseDuration, "--leader-elect-lease-duration"),
            renewDeadline: try Self.duration(leaderElectRenewDeadline, "--leader-elect-renew-deadline"),
            retryPeriod: try Self.duration(leaderElectRetryPeriod, "--leader-elect-retry-period"))
        if let problem = config.problem {
            throw CLIError("leader election timings: \(problem)")
        }
        return config
    }

    static func duration(_ text: String, _ flag: String) throws -> Duration {
        do {
            return try GoDuration.parse(text)
        } catch {
            throw CLIError("\(flag) \(text): \(error)")
        }
    }
}
