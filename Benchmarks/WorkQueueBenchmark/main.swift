import ControllerRuntime
import DrawbridgeAPI
import Foundation

// Measures WorkQueue with many keys waiting on delayed adds, as when 10,000 grants wait for their
// expiry: delayed adds, re-adds that move a deadline earlier, keys firing one by one and all at once,
// and plain FIFO adds. The clock is stepped by hand, so the figures are the queue's own cost.
// Usage: swift build -c release --product workqueue-bench && .build/release/workqueue-bench [keys]

let count = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 10_000 : 10_000
let keys = (0..<count).map { ObjectKey(namespace: "demo", name: "request-\($0)") }

/// Deadlines 1...count seconds, shuffled the same way every run.
let deadlines: [Duration] = {
    var seconds = Array(1...count)
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    for index in seconds.indices.reversed() {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        seconds.swapAt(index, Int(state >> 33) % (index + 1))
    }
    return seconds.map { .seconds($0) }
}()

func milliseconds(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return Double(seconds) * 1000 + Double(attoseconds) / 1e15
}

/// Runs `body` once and prints its throughput as `operations` per second.
func measure(_ label: String, operations: Int, _ body: () async -> Void) async {
    let start = ContinuousClock.now
    await body()
    let elapsed = milliseconds(ContinuousClock.now - start)
    let padded = label.padding(toLength: 44, withPad: " ", startingAt: 0)
    print(
        String(
            format: "%@ %10.0f /s  (%d in %.1f ms)", padded, Double(operations) / (elapsed / 1000), operations,
            elapsed))
}

print("WorkQueue benchmark: \(count) keys, \(ProcessInfo.processInfo.activeProcessorCount) cores")

// 1-3: delayed adds, earlier re-adds, then every key firing on its own (the clock stepped to each
// deadline in turn and the key taken by a worker), as grants expiring one after another.
do {
    let clock = SteppedClock()
    let queue = WorkQueue(clock: clock)
    await measure("delayed adds (distinct deadlines)", operations: count) {
        for (key, deadline) in zip(keys, deadlines) { queue.add(key, after: deadline) }
    }
    await measure("re-adds moving each deadline earlier", operations: count) {
        for (key, deadline) in zip(keys, deadlines) { queue.add(key, after: deadline / 2) }
    }
    let order = zip(keys, deadlines).map { ($0, $1 / 2) }.sorted { $0.1 < $1.1 }
    await measure("fires one by one (step, take, done)", operations: count) {
        for (_, deadline) in order {
            clock.advance(to: deadline)
            if let key = await queue.next() { queue.done(key) }
        }
    }
    precondition(queue.pendingDelayed == 0 && queue.depth == 0, "every key fired")
}

// 4: every key due at the same step, as 10,000 grants expiring at one instant.
do {
    let clock = SteppedClock()
    let queue = WorkQueue(clock: clock)
    for (key, deadline) in zip(keys, deadlines) { queue.add(key, after: deadline) }
    await measure("fires all at once (one step, take, done)", operations: count) {
        clock.advance(to: .seconds(count + 1))
        for _ in 0..<count { if let key = await queue.next() { queue.done(key) } }
    }
}

// 5: ready keys, first in first out.
do {
    let queue = WorkQueue(clock: SteppedClock())
    await measure("adds then takes, FIFO (no delay)", operations: count) {
        for key in keys { queue.add(key) }
        for _ in 0..<count { if let key = await queue.next() { queue.done(key) } }
    }
}
