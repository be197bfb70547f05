import DrawbridgeAPI
import Foundation
import KubeClient
import Logging
import Synchronization

/// Leader election on a `coordination.k8s.io/v1` Lease, as client-go does it: candidates try to
/// acquire every `retryPeriod`; the leader renews every `retryPeriod` and stops acting the moment it
/// has failed to renew for `renewDeadline` or sees another holder; a clean shutdown releases the
/// lease so a standby takes over at once.
///
/// `run(lead:)` calls `lead` each time this replica becomes leader and cancels it when leadership
/// ends; `lead` must stop acting when cancelled. Time comes from the injected clock (sleeps) and
/// `now` (what is written into the Lease and how long a silent holder has been seen).
public final class LeaderElector: Sendable {
    public let config: LeaderElectionConfig
    let client: KubeClient
    let clock: any Clock<Duration>
    let now: @Sendable () -> Date
    let logger: Logger
    private let state = Mutex(State())

    struct State {
        var observed: LeaseSpec?
        var observedAt: Date?
        var isLeader = false
        var lastRenew: Date?
    }

    public init(
        config: LeaderElectionConfig, client: KubeClient, clock: any Clock<Duration>,
        now: @escaping @Sendable () -> Date, logger: Logger
    ) {
        self.config = config
        self.client = client
        self.clock = clock
        self.now = now
        var logger = logger
        logger[metadataKey: "lease"] = "\(config.namespace)/\(config.name)"
        self.logger = logger
    }

    /// True while this replica holds the lease and acts.
    public var isLeader: Bool { state.withLock { $0.isLeader } }

    /// Competes for the lease until the task is cancelled, running `lead` while leader.
    public func run(lead: @escaping @Sendable () async -> Void) async {
        while !Task.isCancelled {
            guard await acquire() else { break }
            logger.info("became leader as \(config.identity)")
            await withTaskGroup(of: Bool.self) { group in
                group.addTask {
                    await lead()
                    return false
                }
                group.addTask {
                    await self.renewUntilLost()
                    return true
                }
                // The term ends when renewing ends (leadership lost, or cancellation); a `lead` that
                // returns early leaves the lease held and renewed rather than spinning.
                while let renewingEnded = await group.next(), !renewingEnded {}
                group.cancelAll()
            }
            state.withLock { $0.isLeader = false }
            if Task.isCancelled { break }
            logger.warning("lost leadership; stopped acting, competing again")
        }
        if config.releaseOnCancel { await release() }
    }

    /// Tries every `retryPeriod` until the lease is ours; false when cancelled first.
    func acquire() async -> Bool {
        while !Task.isCancelled {
            if await tryAcquireOrRenew() { return true }
            do {
                try await clock.sleep(for: config.retryPeriod)
            } catch {
                return false
            }
        }
        return false
    }

    /// Renews every `retryPeriod`; returns when another holder is seen or `renewDeadline` passed
    /// since the last successful renewal, or when cancelled.
    func renewUntilLost() async {
        while !Task.isCancelled {
            do {
                try await clock.sleep(for: config.retryPeriod)
            } catch {
                return
            }
            if await renewWithinDeadline() { continue }
            let (leader, lastRenew) = state.withLock { ($0.isLeader, $0.lastRenew) }
            if !leader { return }
            if let lastRenew, now().timeIntervalSince(lastRenew) >= config.renewDeadline.timeInterval {
                state.withLock { $0.isLeader = false }
                return
            }
        }
    }

    /// One renewal attempt, abandoned once `renewDeadline` has passed since the last successful
    /// renewal: an API server that answers slowly must not keep a leader acting after its lease may
    /// have gone to another replica (client-go bounds the attempt the same way).
    func renewWithinDeadline() async -> Bool {
        let lastRenew = state.withLock { $0.lastRenew } ?? now()
        let remaining = config.renewDeadline.timeInterval - now().timeIntervalSince(lastRenew)
        guard remaining > 0 else { return false }
        return await withTaskGroup(of: Bool?.self) { group in
            group.addTask { await self.tryAcquireOrRenew() }
            group.addTask { [clock] in
                try? await clock.sleep(for: .nanoseconds(Int64((remaining * 1e9).rounded(.up))))
                return nil  // the deadline passed first
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? false
        }
    }

    /// One attempt: read the lease, decide, write. True when we hold it afterwards.
    func tryAcquireOrRenew() async -> Bool {
        let current: Lease?
        do {
            current = try await client.getIfPresent(Lease.self, name: config.name, namespace: config.namespace)
        } catch {
            logger.debug("reading the lease failed: \(error)")
            return false
        }
        let at = now()
        let (observed, observedAt) = state.withLock { state in
            if state.observed != current?.spec {
                state.observed = current?.spec
                state.observedAt = at
            }
            return (state.observed, state.observedAt)
        }
        let decision = LeaseDecision.decide(
            current: current?.spec, identity: config.identity, now: at, observed: observed, observedAt: observedAt,
            leaseDuration: config.leaseDuration)
        do {
            let written: Lease
            switch decision {
            case .heldByOther(let holder):
                state.withLock { $0.isLeader = false }
                logger.debug("lease held by \(holder); standing by")
                return false
            case .create(let spec):
                written = try await client.create(
                    Lease(metadata: ObjectMeta(name: config.name, namespace: config.namespace), spec: spec))
            case .update(let spec):
                guard var lease = current else { return false }
                lease.spec = spec
                written = try await client.update(lease)
            }
            state.withLock { state in
                state.observed = written.spec
                state.observedAt = at
                state.isLeader = true
                state.lastRenew = at
            }
            return true
        } catch {
            // 409: someone else wrote first; anything else: try again next period.
            logger.debug("writing the lease failed: \(error)")
            return false
        }
    }

    /// Gives the lease up if we hold it. Runs in its own task: the caller is being cancelled, and
    /// the write must still go out.
    func release() async {
        let config = config, client = client, now = now, logger = logger
        await Task {
            guard
                var lease = try? await client.getIfPresent(Lease.self, name: config.name, namespace: config.namespace),
                lease.spec.holderIdentity == config.identity
            else { return }
            lease.spec = LeaseDecision.released(lease.spec, now: now())
            do {
                _ = try await client.update(lease)
                logger.info("released the lease")
            } catch {
                logger.warning("releasing the lease failed: \(error)")
            }
        }.value
    }
}
