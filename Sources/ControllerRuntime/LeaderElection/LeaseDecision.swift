import DrawbridgeAPI
import Foundation

/// One acquire-or-renew attempt, decided without I/O: given the Lease as read, who we are, what we
/// last observed of it and when, what to write (or that someone else holds it).
///
/// As in client-go, a lease held by someone else is judged expired by *our* clock: it is free once
/// we have seen it unchanged for its whole duration. Comparing the holder's `renewTime` with our
/// clock would trust the two clocks to agree.
public enum LeaseDecision: Equatable, Sendable {
    /// The lease does not exist: create it holding it.
    case create(LeaseSpec)
    /// Write this spec (acquire a free or expired lease, or renew ours) over the version read.
    case update(LeaseSpec)
    /// Someone else holds it and has renewed within the lease duration.
    case heldByOther(String)

    /// Decides for `identity` at `now`. `observed` is the spec last seen and `observedAt` when it
    /// was first seen in that form; `current` is the lease as just read (nil: it does not exist).
    public static func decide(
        current: LeaseSpec?, identity: String, now: Date, observed: LeaseSpec?, observedAt: Date?,
        leaseDuration: Duration
    ) -> LeaseDecision {
        let (whole, fraction) = leaseDuration.components
        let seconds = Int(whole) + (fraction > 0 ? 1 : 0)
        let stamp = KubeMicroTime(now)
        guard let current else {
            return .create(
                LeaseSpec(
                    holderIdentity: identity, leaseDurationSeconds: seconds, acquireTime: stamp, renewTime: stamp,
                    leaseTransitions: 0))
        }
        let holder = current.holderIdentity ?? ""
        if !holder.isEmpty, holder != identity {
            // Unchanged since we first saw it for a whole lease duration: the holder is gone.
            let since = (observed == current ? observedAt : nil) ?? now
            let duration = TimeInterval(current.leaseDurationSeconds ?? seconds)
            if now.timeIntervalSince(since) < duration { return .heldByOther(holder) }
        }
        var next = current
        next.holderIdentity = identity
        next.leaseDurationSeconds = seconds
        next.renewTime = stamp
        if holder != identity {
            next.acquireTime = stamp
            next.leaseTransitions = (current.leaseTransitions ?? 0) + 1
        }
        return .update(next)
    }

    /// The spec that gives the lease up: no holder, so the next candidate takes it at once.
    public static func released(_ current: LeaseSpec, now: Date) -> LeaseSpec {
        var next = current
        next.holderIdentity = nil
        next.leaseDurationSeconds = 1
        next.renewTime = KubeMicroTime(now)
        return next
    }
}
