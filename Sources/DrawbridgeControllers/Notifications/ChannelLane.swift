import DequeModule
import DrawbridgeAPI
import DrawbridgeCore
import Synchronization

/// The deliveries waiting for one channel, in order, and the one task that makes them: a slow or
/// dead receiver holds up only its own lane. The lane holds at most `limit` deliveries; beyond
/// that it refuses more (they stay owed in the requests' status and are offered again later), so
/// memory stays bounded however long a receiver is down.
///
/// The head is retried with backoff until it is settled; the deliveries behind it wait, which
/// keeps a channel's notifications in order and does not hammer a receiver that is down.
final class ChannelLane: Sendable {
    /// What one attempt at the head came to.
    enum Step: Sendable {
        /// The head is settled (delivered, refused, given up, or no longer owed): take the next.
        case done
        /// Try the head again after this long (or sooner, when the channel changes).
        case retry(after: Duration)
        /// The channel cannot be delivered to (missing, not Ready): wait for it to change.
        case blocked
    }

    let channel: String
    let limit: Int
    private let state = Mutex<State>(State())
    private struct State {
        var items: Deque<OwedNotification> = []
        /// The ids of `items`.
        var ids: Set<String> = []
        /// Failed attempts at the head.
        var failures = 0
        /// Deliveries settled this term, by id, until a look at their request no longer finds them
        /// owed (its ledger shows the outcome): a look at a stale cache must not queue them again.
        var settled: [String: ObjectKey] = [:]
    }
    private let wakeup = Wakeup()

    init(channel: String, limit: Int) {
        self.channel = channel
        self.limit = max(1, limit)
    }

    /// Queues `delivery` unless it is already queued. False when the lane is full.
    func offer(_ delivery: OwedNotification) -> Bool {
        let (accepted, wasEmpty) = state.withLock { state -> (Bool, Bool) in
            if state.ids.contains(delivery.id) || state.settled[delivery.id] != nil { return (true, false) }
            guard state.items.count < limit else { return (false, false) }
            state.items.append(delivery)
            state.ids.insert(delivery.id)
            return (true, state.items.count == 1)
        }
        if wasEmpty { wakeup.poke() }
        return accepted
    }

    /// `delivery` was settled outside the lane (given up before it was queued).
    func settled(_ delivery: OwedNotification) {
        state.withLock { $0.settled[delivery.id] = delivery.request }
    }

    /// Forgets the settled deliveries of `request` except those in `stillOwed` (which a stale
    /// cache still shows owed). With an empty `stillOwed`, forgets them all (say, the request is gone).
    func forgetSettled(of request: ObjectKey, except stillOwed: Set<String> = []) {
        state.withLock { state in
            state.settled = state.settled.filter { $0.value != request || stillOwed.contains($0.key) }
        }
    }

    /// The channel or its Secret changed: try the head again now, even during a backoff.
    func channelChanged() {
        wakeup.poke()
    }

    /// Deliveries waiting, the head included.
    var count: Int { state.withLock { $0.items.count } }

    /// Delivers until cancelled: `attempt` tries the head (given how many attempts failed before)
    /// and says what came of it. `blockedRecheck` bounds how long a blocked lane waits before it
    /// looks again (to give up on deliveries that grew too old).
    func run(
        clock: any Clock<Duration>, blockedRecheck: Duration,
        attempt: @Sendable (OwedNotification, _ failures: Int) async -> Step
    ) async {
        while !Task.isCancelled {
            guard let (head, failures) = state.withLock({ state in state.items.first.map { ($0, state.failures) } })
            else {
                await wakeup.wait()
                continue
            }
            switch await attempt(head, failures) {
            case .done:
                state.withLock { state in
                    if state.items.first?.id == head.id {
                        state.items.removeFirst()
                        state.ids.remove(head.id)
                        state.settled[head.id] = head.request
                    }
                    state.failures = 0
                }
            case .retry(let delay):
                state.withLock { $0.failures += 1 }
                await wakeup.wait(upTo: delay, on: clock)
            case .blocked:
                await wakeup.wait(upTo: blockedRecheck, on: clock)
            }
        }
    }
}
