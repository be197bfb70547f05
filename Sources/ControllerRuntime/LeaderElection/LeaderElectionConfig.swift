import Foundation

/// How replicas elect the one that acts: the Lease they compete for and client-go's three timings.
public struct LeaderElectionConfig: Sendable {
    /// The Lease's namespace and name.
    public var namespace: String
    public var name: String
    /// This replica's identity as written into the Lease (pod name plus a random suffix).
    public var identity: String
    /// How long a silent holder keeps the lease before others may take it (client-go: 15 s).
    public var leaseDuration: Duration
    /// How long the leader keeps trying to renew before it gives up acting (client-go: 10 s).
    public var renewDeadline: Duration
    /// How often candidates try to acquire, and the leader renews (client-go: 2 s).
    public var retryPeriod: Duration
    /// Give the lease up on a clean shutdown so another replica takes over at once instead of
    /// waiting `leaseDuration`. Off only to simulate a crash in tests.
    public var releaseOnCancel: Bool

    public init(
        namespace: String = "drawbridge-system", name: String = "drawbridge-controller",
        identity: String = LeaderElectionConfig.defaultIdentity(), leaseDuration: Duration = .seconds(15),
        renewDeadline: Duration = .seconds(10), retryPeriod: Duration = .seconds(2), releaseOnCancel: Bool = true
    ) {
        self.namespace = namespace
        self.name = name
        self.identity = identity
        self.leaseDuration = leaseDuration
        self.renewDeadline = renewDeadline
        self.retryPeriod = retryPeriod
        self.releaseOnCancel = releaseOnCancel
    }

    /// `HOSTNAME` (the pod name in a cluster) and a random suffix, so two processes never share one.
    public static func defaultIdentity() -> String {
        let host = ProcessInfo.processInfo.environment["HOSTNAME"] ?? ProcessInfo.processInfo.hostName
        return "\(host)_\(UUID().uuidString.lowercased().prefix(8))"
    }

    /// Why these timings cannot work, if they cannot (client-go's rules): the leader must give up
    /// before others may take over, and get several tries at renewing first.
    public var problem: String? {
        guard retryPeriod > .zero else { return "the retry period must be positive" }
        guard renewDeadline < leaseDuration else { return "the renew deadline must be shorter than the lease duration" }
        guard renewDeadline > retryPeriod * 1.2 else {
            return "the renew deadline must be more than 1.2 times the retry period"
        }
        return nil
    }
}
