import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeTesting
import Synchronization
import Testing

/// What concurrent workers did, shared between them.
final class Tracker: Sendable {
    struct State {
        var tick = 0
        var active: Set<ObjectKey> = []
        var overlaps = 0
        var lastAdded: [ObjectKey: Int] = [:]
        var lastStarted: [ObjectKey: Int] = [:]
    }

    private let state = Mutex(State())

    func withLock<T>(_ body: (inout State) -> T) -> T { state.withLock { body(&$0) } }
}

@Suite(.timeLimit(.minutes(3))) struct WorkQueueTests {
    @Test func aKeyAddedTwiceIsHandedOutOnce() async {
        let queue = WorkQueue(clock: ManualClock())
        queue.add("demo/a")
        queue.add("demo/b")
        queue.add("demo/a")
        #expect(queue.depth == 2)
        #expect(await queue.next() == "demo/a")
        #expect(await queue.next() == "demo/b")
        #expect(queue.depth == 0)
    }

    @Test func aKeyAddedWhileBeingProcessedWaitsUntilDoneThenComesBackOnce() async {
        let queue = WorkQueue(clock: ManualClock())
        queue.add("demo/a")
        let key = await queue.next()
        #expect(key == "demo/a")
        queue.add("demo/a")
        queue.add("demo/a")
        #expect(queue.depth == 0, "never handed out while a worker holds it")
        queue.done("demo/a")
        #expect(queue.depth == 1)
        #expect(await queue.next() == "demo/a")
        queue.done("demo/a")
        #expect(queue.depth == 0)
    }

    @Test func doneForAKeyThatWasNotHandedOutChangesNothing() async {
        let queue = WorkQueue(clock: ManualClock())
        queue.add("demo/a")
        queue.done("demo/a")
        queue.done("demo/b")
        #expect(queue.depth == 1)
        #expect(await queue.next() == "demo/a")
        queue.done("demo/a")
        #expect(queue.depth == 0)
    }

    @Test func aWaitingWorkerGetsTheNextKeyAdded() async {
        let queue = WorkQueue(clock: ManualClock())
        let worker = Task { await queue.next() }
        await settle(yields: 1_000)  // let the worker start waiting (either order must work)
        queue.add("demo/a")
        #expect(await worker.value == "demo/a")
    }

    @Test func concurrentWorkersNeverHoldTheSameKeyAndEveryAddIsFollowedByAProcessing() async {
        let queue = WorkQueue(clock: ManualClock())
        let keys = (0..<5).map { ObjectKey(namespace: "demo", name: "k\($0)") }
        let tracker = Tracker()
        let workers = (0..<4).map { _ in
            Task {
                while let key = await queue.next() {
                    tracker.withLock { t in
                        t.tick += 1
                        if !t.active.insert(key).inserted { t.overlaps += 1 }
                        t.lastStarted[key] = t.tick
                    }
                    for _ in 0..<3 { await Task.yield() }
                    tracker.withLock { _ = $0.active.remove(key) }
                    queue.done(key)
                }
            }
        }
        for round in 0..<200 {
            let key = keys[round % keys.count]
            tracker.withLock { t in
                t.tick += 1
                t.lastAdded[key] = t.tick
            }
            queue.add(key)
            if round % 3 == 0 { await Task.yield() }
        }
        let drained = await eventually {
            tracker.withLock { t in keys.allSatisfy { t.lastStarted[$0, default: 0] > t.lastAdded[$0, default: 0] } }
        }
        queue.shutdown()
        for worker in workers { await worker.value }
        #expect(drained)
        #expect(tracker.withLock { $0.overlaps } == 0)
    }

    @Test func delayedKeysBecomeReadyInDeadlineOrderAsTheClockAdvances() async {
        let clock = ManualClock()
        let queue = WorkQueue(clock: clock)
        queue.add("demo/c", after: .seconds(3))
        queue.add("demo/a", after: .seconds(1))
        queue.add("demo/b", after: .seconds(2))
        #expect(queue.pendingDelayed == 3)
        #expect(queue.depth == 0)
        await clock.waitForSleepers(atLeast: 1)
        await clock.advance(by: .milliseconds(999))
        #expect(queue.depth == 0)
        await clock.advance(by: .milliseconds(1))
        #expect(await queue.next() == "demo/a")
        await clock.advance(by: .seconds(1))
        #expect(await queue.next() == "demo/b")
        await clock.advance(by: .seconds(1))
        #expect(await queue.next() == "demo/c")
        #expect(queue.pendingDelayed == 0)
    }

    @Test func oneBigClockJumpReleasesDelayedKeysEarliestFirst() async {
        let clock = ManualClock()
        let queue = WorkQueue(clock: clock)
        queue.add("demo/c", after: .seconds(3))
        queue.add("demo/a", after: .seconds(1))
        queue.add("demo/b", after: .seconds(2))
        await clock.advance(by: .seconds(10))
        var order: [ObjectKey] = []
        for _ in 0..<3 { if let key = await queue.next() { order.append(key) } }
        #expect(order == ["demo/a", "demo/b", "demo/c"])
    }

    @Test func theEarliestPendingDelayWinsAndFiresOnce() async {
        let clock = ManualClock()
        let queue = WorkQueue(clock: clock)
        queue.add("demo/a", after: .seconds(10))
        queue.add("demo/a", after: .seconds(2))
        queue.add("demo/a", after: .seconds(5))
        #expect(queue.pendingDelayed == 1)
        await clock.advance(by: .seconds(2))
        #expect(await queue.next() == "demo/a")
        queue.done("demo/a")
        await clock.advance(by: .seconds(20))
        #expect(queue.depth == 0)
        #expect(queue.pendingDelayed == 0)
    }

    @Test func aZeroOrNegativeDelayAddsAtOnce() async {
        let queue = WorkQueue(clock: ManualClock())
        queue.add("demo/a", after: .zero)
        queue.add("demo/b", after: .seconds(-3))
        #expect(queue.depth == 2)
        #expect(queue.pendingDelayed == 0)
    }

    @Test func rateLimitedAddsBackOffPerKeyAndForgetResetsTheBackoff() async {
        let clock = ManualClock()
        let queue = WorkQueue(clock: clock)
        queue.addRateLimited("demo/a")
        #expect(queue.failures("demo/a") == 1)
        await clock.advance(by: .milliseconds(4))
        #expect(queue.depth == 0)
        await clock.advance(by: .milliseconds(1))
        #expect(await queue.next() == "demo/a")
        queue.done("demo/a")

        queue.addRateLimited("demo/a")
        #expect(queue.failures("demo/a") == 2)
        await clock.advance(by: .milliseconds(9))
        #expect(queue.depth == 0)
        await clock.advance(by: .milliseconds(1))
        #expect(await queue.next() == "demo/a")
        queue.done("demo/a")

        queue.addRateLimited("demo/b")
        #expect(queue.failures("demo/b") == 1, "backoff is per key")

        queue.forget("demo/a")
        #expect(queue.failures("demo/a") == 0)
        queue.addRateLimited("demo/a")
        await clock.advance(by: .milliseconds(5))
        var ready: Set<ObjectKey> = []
        for _ in 0..<2 { if let key = await queue.next() { ready.insert(key) } }
        #expect(ready == ["demo/a", "demo/b"])
    }

    @Test func shutdownWakesEveryWaitingWorkerWithNil() async {
        let queue = WorkQueue(clock: ManualClock())
        let workers = (0..<3).map { _ in Task { await queue.next() } }
        await settle(yields: 1_000)
        queue.shutdown()
        for worker in workers { #expect(await worker.value == nil) }
        queue.add("demo/a")
        #expect(queue.depth == 0, "adds after shutdown are ignored")
        #expect(await queue.next() == nil)
    }

    @Test func shutdownDropsPendingDelays() async {
        let clock = ManualClock()
        let queue = WorkQueue(clock: clock)
        queue.add("demo/a", after: .seconds(1))
        queue.shutdown()
        #expect(queue.pendingDelayed == 0)
        await clock.advance(by: .seconds(2))
        #expect(queue.depth == 0)
    }

    @Test func aCancelledWaitReturnsNilAndLeavesTheKeyForOthers() async {
        let queue = WorkQueue(clock: ManualClock())
        let waiting = Task { await queue.next() }
        await settle(yields: 1_000)
        waiting.cancel()
        #expect(await waiting.value == nil)
        queue.add("demo/a")
        #expect(await queue.next() == "demo/a")
    }

    @Test func theObserverHearsHowLongEachKeyWaitedFromItsFirstAddToAWorkerTakingIt() async {
        let clock = ManualClock()
        let waits = Mutex<[String]>([])
        let queue = WorkQueue(clock: clock) { key, wait in waits.withLock { $0.append("\(key) \(wait)") } }
        queue.add("demo/a")
        await clock.advance(by: .seconds(2))
        queue.add("demo/a")  // already waiting: the first add counts
        queue.add("demo/b")
        await clock.advance(by: .seconds(1))
        #expect(await queue.next() == "demo/a")
        #expect(await queue.next() == "demo/b")
        // Added while being processed: it waits from that add until `done` hands it out again.
        queue.add("demo/a")
        await clock.advance(by: .seconds(4))
        queue.done("demo/a")
        #expect(await queue.next() == "demo/a")
        // A worker already waiting takes a key at once; a delayed key waits from when it is due.
        let worker = Task { await queue.next() }
        await settle(yields: 1_000)
        queue.add("demo/c", after: .seconds(5))
        await clock.waitForSleepers(atLeast: 1)
        await clock.advance(by: .seconds(5))
        #expect(await worker.value == "demo/c")
        #expect(
            waits.withLock { $0 } == [
                "demo/a 3.0 seconds", "demo/b 1.0 seconds", "demo/a 4.0 seconds", "demo/c 0.0 seconds",
            ])
    }
}
