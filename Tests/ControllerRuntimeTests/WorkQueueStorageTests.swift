@testable import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeTesting
import HeapModule
import Synchronization
import Testing

/// A burst of keys (a start-up reconciling 10,000 requests, 10,000 grants expiring at once) must not
/// leave the drained queue holding the storage it grew for the burst.
@Suite(.timeLimit(.minutes(3))) struct WorkQueueStorageTests {
    static let burst = 5_000

    static func keys(_ count: Int) -> [ObjectKey] {
        (0..<count).map { ObjectKey(namespace: "ns-\($0 % 10)", name: "grant-\($0)") }
    }

    @Test func aDrainedQueueGivesBackTheStorageABurstGrew() async {
        let queue = WorkQueue(clock: ManualClock(), observing: WorkQueueObserver(waited: { _, _ in }))
        for key in Self.keys(Self.burst) { queue.add(key) }
        let grown = queue.state.withLock { ($0.dirty.capacity, $0.addedAt.capacity) }
        #expect(grown.0 >= Self.burst)
        #expect(grown.1 >= Self.burst)
        var handled = 0
        while handled < Self.burst, let key = await queue.next() {
            queue.done(key)
            handled += 1
        }
        #expect(handled == Self.burst)
        let kept = queue.state.withLock {
            [$0.dirty.capacity, $0.processing.capacity, $0.addedAt.capacity, $0.startedAt.capacity]
        }
        #expect(kept.allSatisfy { $0 <= WorkQueue.State.keptCapacity }, "capacities after draining: \(kept)")
        // The queue still works after shedding.
        queue.add("demo/again")
        #expect(await queue.next() == "demo/again")
        queue.done("demo/again")
        #expect(queue.isIdle)
    }

    @Test func aQueueStillWorkingKeepsItsStorage() async {
        let queue = WorkQueue(clock: ManualClock())
        for key in Self.keys(Self.burst) { queue.add(key) }
        for _ in 0..<(Self.burst - 1) {
            guard let key = await queue.next() else { break }
            queue.done(key)
        }
        // One key is still waiting: the storage is in use, nothing is shed, nothing is lost.
        #expect(queue.depth == 1)
        #expect(queue.state.withLock { $0.dirty.capacity } >= Self.burst)
        #expect(await queue.next() == Self.keys(Self.burst).last)
    }

    @Test func delayedAddsThatAllFiredGiveBackTheirTableAndHeap() async {
        let clock = ManualClock()
        let queue = WorkQueue(clock: clock)
        for key in Self.keys(Self.burst) { queue.add(key, after: .seconds(60)) }
        #expect(queue.state.withLock { $0.delayed.capacity } >= Self.burst)
        await clock.advance(by: .seconds(60))
        #expect(queue.depth == Self.burst)
        let kept = queue.state.withLock { ($0.delayed.capacity, $0.deadlines.count) }
        #expect(kept.0 <= WorkQueue.State.keptCapacity)
        #expect(kept.1 == 0)
        var handled = 0
        while handled < Self.burst, let key = await queue.next() {
            queue.done(key)
            handled += 1
        }
        #expect(handled == Self.burst)
    }
}
