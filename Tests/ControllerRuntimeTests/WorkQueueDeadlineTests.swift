@testable import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeTesting
import HeapModule
import Synchronization
import Testing

/// The delayed-add path on its heap: many keys, deadlines that move earlier, entries they supersede,
/// and the observer hooks metrics hang on.
@Suite(.timeLimit(.minutes(3))) struct WorkQueueDeadlineTests {
    /// Takes `count` keys from `queue`, marking each done.
    static func take(_ count: Int, from queue: WorkQueue) async -> [ObjectKey] {
        var keys: [ObjectKey] = []
        for _ in 0..<count {
            guard let key = await queue.next() else { break }
            keys.append(key)
            queue.done(key)
        }
        return keys
    }

    @Test func aThousandShuffledDeadlinesFireInDeadlineOrderAndEqualDeadlinesInAddOrder() async {
        let clock = ManualClock()
        let queue = WorkQueue(clock: clock)
        var seconds = Array(0..<500).flatMap { [$0 + 1, $0 + 1] }  // each deadline twice
        var generator = SeededRandom(seed: 42)
        seconds.shuffle(using: &generator)
        var order: [(Int, Int)] = []  // (deadline, add index)
        for (index, second) in seconds.enumerated() {
            queue.add(ObjectKey(namespace: "demo", name: "k\(index)"), after: .seconds(second))
            order.append((second, index))
        }
        #expect(queue.pendingDelayed == 1_000)
        await clock.advance(by: .seconds(1_000))
        let expected = order.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map {
            ObjectKey(namespace: "demo", name: "k\($0.1)")
        }
        #expect(await Self.take(1_000, from: queue) == expected)
        #expect(queue.pendingDelayed == 0)
    }

    @Test func anEntrySupersededByAnEarlierDeadlineNeverFiresLater() async {
        let clock = ManualClock()
        let queue = WorkQueue(clock: clock)
        queue.add("demo/a", after: .seconds(10))
        queue.add("demo/a", after: .seconds(2))
        await clock.advance(by: .seconds(2))
        #expect(await queue.next() == "demo/a")
        queue.done("demo/a")
        queue.add("demo/a", after: .seconds(20))  // due at 22 s; the stale 10 s entry must not fire it
        await clock.waitForSleepers(atLeast: 1)
        await clock.advance(by: .seconds(9))
        #expect(queue.depth == 0)
        #expect(queue.pendingDelayed == 1)
        await clock.advance(by: .seconds(11))
        #expect(queue.depth == 1)
        #expect(await queue.next() == "demo/a")
    }

    @Test func aDeadlineMovedEarlierOverAndOverKeepsTheHeapSmallAndFiresOnce() async {
        let clock = ManualClock()
        let queue = WorkQueue(clock: clock)
        for step in 0..<1_000 { queue.add("demo/a", after: .seconds(10_000 - step)) }
        queue.add("demo/b", after: .seconds(20_000))
        #expect(queue.pendingDelayed == 2)
        #expect(queue.state.withLock { $0.deadlines.count } <= 64 + 4, "superseded entries are compacted away")
        await clock.advance(by: .seconds(9_001))
        #expect(await queue.next() == "demo/a")
        queue.done("demo/a")
        await clock.advance(by: .seconds(1_000))
        #expect(queue.depth == 0)
        await clock.advance(by: .seconds(10_000))
        #expect(await queue.next() == "demo/b")
    }

    @Test func aDelayedKeyThatIsAlreadyReadyIsNotQueuedTwice() async {
        let clock = ManualClock()
        let queue = WorkQueue(clock: clock)
        queue.add("demo/a")
        queue.add("demo/a", after: .seconds(1))
        await clock.waitForSleepers(atLeast: 1)
        await clock.advance(by: .seconds(1))
        #expect(queue.depth == 1)
        #expect(queue.pendingDelayed == 0)
    }

    @Test func aDelayedKeyThatFiresWhileAWorkerHoldsItWaitsForDone() async {
        let clock = ManualClock()
        let queue = WorkQueue(clock: clock)
        queue.add("demo/a")
        #expect(await queue.next() == "demo/a")
        queue.add("demo/a", after: .seconds(1))
        await clock.waitForSleepers(atLeast: 1)
        await clock.advance(by: .seconds(1))
        #expect(queue.pendingDelayed == 0)
        #expect(queue.depth == 0, "never handed out while a worker holds it")
        queue.done("demo/a")
        #expect(await queue.next() == "demo/a")
    }

    @Test func theObserverHearsAddsRetriesWaitsAndWorkDurations() async {
        let clock = ManualClock()
        let heard = Mutex<[String]>([])
        let queue = WorkQueue(
            clock: clock,
            observing: WorkQueueObserver(
                added: { key in heard.withLock { $0.append("added \(key)") } },
                retried: { key in heard.withLock { $0.append("retried \(key)") } },
                waited: { key, wait in heard.withLock { $0.append("waited \(key) \(wait)") } },
                worked: { key, duration in heard.withLock { $0.append("worked \(key) \(duration)") } }))
        queue.add("demo/a")
        queue.add("demo/a")  // already waiting: not a new add
        await clock.advance(by: .seconds(1))
        #expect(await queue.next() == "demo/a")
        queue.add("demo/a")  // while held: counted, processed again after done
        await clock.advance(by: .seconds(3))
        queue.done("demo/a")
        #expect(await queue.next() == "demo/a")
        queue.done("demo/a")
        queue.addRateLimited("demo/b")  // 5 ms backoff
        queue.add("demo/b", after: .zero)  // a retry asked for now is still a retry
        #expect(await queue.next() == "demo/b")
        await clock.waitForSleepers(atLeast: 1)
        await clock.advance(by: .milliseconds(5))  // the backoff's add fires while a worker holds the key
        queue.done("demo/b")
        await clock.advance(by: .milliseconds(5))
        #expect(await queue.next() == "demo/b")
        queue.done("demo/b")
        queue.done("demo/c")  // never handed out: nothing to report
        #expect(
            heard.withLock { $0 } == [
                "added demo/a", "waited demo/a 1.0 seconds", "added demo/a", "worked demo/a 3.0 seconds",
                "waited demo/a 3.0 seconds", "worked demo/a 0.0 seconds", "retried demo/b", "retried demo/b",
                "added demo/b", "waited demo/b 0.0 seconds", "added demo/b", "worked demo/b 0.005 seconds",
                "waited demo/b 0.005 seconds", "worked demo/b 0.0 seconds",
            ])
    }
}
