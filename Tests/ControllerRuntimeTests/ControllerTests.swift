import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeTesting
import KubeClient
import Synchronization
import Testing

/// A reconciler whose answer per key and attempt is scripted; it counts calls.
final class ScriptedReconciler: Reconciler {
    typealias Script = @Sendable (_ key: ObjectKey, _ attempt: Int) throws -> ReconcileAction
    private let script: Script
    private let attempts = Mutex<[ObjectKey: Int]>([:])

    init(_ script: @escaping Script) { self.script = script }

    func reconcile(_ key: ObjectKey) async throws -> ReconcileAction {
        let attempt = attempts.withLock { attempts in
            attempts[key, default: 0] += 1
            return attempts[key, default: 0]
        }
        return try script(key, attempt)
    }

    func calls(_ key: ObjectKey) -> Int { attempts.withLock { $0[key, default: 0] } }
}

struct Boom: Error {}

/// A running controller on a manual clock, reporting every finished reconcile as "key result".
struct RunningController {
    let clock = ManualClock()
    let queue: WorkQueue
    let reconciler: ScriptedReconciler
    let results: AsyncStream<String>
    let task: Task<Void, Never>

    init(workers: Int = 1, _ script: @escaping ScriptedReconciler.Script) {
        queue = WorkQueue(clock: clock)
        reconciler = ScriptedReconciler(script)
        let (results, continuation) = AsyncStream.makeStream(of: String.self)
        self.results = results
        let controller = Controller(
            name: "test", queue: queue, reconciler: reconciler, workers: workers, logger: quietLogger
        ) { key, _, result in continuation.yield("\(key) \(result.rawValue)") }
        task = Task { await controller.run() }
    }

    func stop() async {
        task.cancel()
        await task.value
    }
}

@Suite(.timeLimit(.minutes(3))) struct ControllerTests {
    @Test func aFailingReconcileIsRetriedWithGrowingBackoffUntilItSucceeds() async {
        let running = RunningController { _, attempt in
            if attempt <= 2 { throw Boom() }
            return .awaitChange
        }
        var results = running.results.makeAsyncIterator()
        running.queue.add("demo/a")
        #expect(await results.next() == "demo/a error")
        await running.clock.advance(by: .milliseconds(5))
        #expect(await results.next() == "demo/a error")
        await running.clock.advance(by: .milliseconds(9))
        await settle(yields: 2_000)
        #expect(running.reconciler.calls("demo/a") == 2, "second retry waits 10 ms")
        await running.clock.advance(by: .milliseconds(1))
        #expect(await results.next() == "demo/a success")
        #expect(running.queue.failures("demo/a") == 0, "success forgets the backoff")
        await running.stop()
    }

    @Test func requeueAfterFiresWhenTheManualClockAdvances() async {
        let running = RunningController { _, attempt in attempt == 1 ? .requeue(after: .seconds(30)) : .awaitChange }
        var results = running.results.makeAsyncIterator()
        running.queue.add("demo/a")
        #expect(await results.next() == "demo/a requeue_after")
        #expect(running.queue.pendingDelayed == 1)
        await running.clock.advance(by: .seconds(29))
        await settle(yields: 2_000)
        #expect(running.reconciler.calls("demo/a") == 1)
        await running.clock.advance(by: .seconds(1))
        #expect(await results.next() == "demo/a success")
        await running.stop()
    }

    @Test func aRequeueForATimeAlreadyPastGoesThroughTheRateLimiterInsteadOfLooping() async {
        let running = RunningController { _, attempt in attempt <= 2 ? .requeue(after: .seconds(-5)) : .awaitChange }
        var results = running.results.makeAsyncIterator()
        running.queue.add("demo/a")
        #expect(await results.next() == "demo/a requeue")
        #expect(running.queue.pendingDelayed == 1)
        await running.clock.advance(by: .milliseconds(5))
        #expect(await results.next() == "demo/a requeue")
        #expect(running.queue.failures("demo/a") == 2, "repeated 'now' backs off instead of spinning")
        await running.clock.advance(by: .milliseconds(10))
        #expect(await results.next() == "demo/a success")
        await running.stop()
    }

    @Test func oneFailingKeyDoesNotBlockTheOthers() async {
        let running = RunningController { key, _ in
            if key == "demo/bad" { throw Boom() }
            return .awaitChange
        }
        var results = running.results.makeAsyncIterator()
        running.queue.add("demo/bad")
        running.queue.add("demo/good1")
        running.queue.add("demo/good2")
        var seen: [String] = []
        for _ in 0..<3 { if let result = await results.next() { seen.append(result) } }
        #expect(seen == ["demo/bad error", "demo/good1 success", "demo/good2 success"])
        await running.clock.advance(by: .milliseconds(5))
        #expect(await results.next() == "demo/bad error")
        #expect(running.queue.failures("demo/bad") == 2)
        await running.stop()
    }

    @Test func aTerminalErrorIsLoggedAndForgottenNotRetried() async {
        let running = RunningController { _, _ in throw TerminalError("spec.role is not allowed") }
        var results = running.results.makeAsyncIterator()
        running.queue.add("demo/a")
        #expect(await results.next() == "demo/a terminal")
        #expect(running.queue.pendingDelayed == 0)
        #expect(running.queue.failures("demo/a") == 0)
        await running.clock.advance(by: .seconds(3600))
        await settle(yields: 2_000)
        #expect(running.reconciler.calls("demo/a") == 1)
        await running.stop()
    }

    @Test func aConflictIsRetriedSoonThroughTheRateLimiter() async {
        let running = RunningController { _, attempt in
            if attempt == 1 {
                throw APIError(
                    code: 409,
                    status: APIStatus(code: 409, reason: "Conflict", message: "the object has been modified"),
                    operation: "PUT /apis/drawbridge.dev/v1alpha1/namespaces/demo/accessrequests/a")
            }
            return .awaitChange
        }
        var results = running.results.makeAsyncIterator()
        running.queue.add("demo/a")
        #expect(await results.next() == "demo/a conflict")
        #expect(running.queue.pendingDelayed == 1)
        await running.clock.advance(by: .milliseconds(5))
        #expect(await results.next() == "demo/a success")
        await running.stop()
    }

    @Test func cancellingRunShutsTheQueueDownAndReturns() async {
        let running = RunningController(workers: 3) { _, _ in .awaitChange }
        await running.stop()
        #expect(running.queue.isShutDown)
    }
}

/// A reconciler that waits (real time, cancellation-aware) before finishing, and says whether it
/// saw itself cancelled.
final class SlowReconciler: Reconciler {
    let started = Mutex(false)
    let finished = Mutex<Bool?>(nil)
    let calls = Mutex(0)

    func reconcile(_ key: ObjectKey) async throws -> ReconcileAction {
        calls.withLock { $0 += 1 }
        started.withLock { $0 = true }
        try? await Task.sleep(for: .milliseconds(200))
        finished.withLock { $0 = !Task.isCancelled }
        return .awaitChange
    }
}

@Suite struct ControllerShutdownTests {
    @Test func stoppingTheControllerLetsTheReconcileInFlightFinishAndStartsNoOther() async {
        let clock = ManualClock()
        let queue = WorkQueue(clock: clock)
        let reconciler = SlowReconciler()
        let controller = Controller(name: "test", queue: queue, reconciler: reconciler, workers: 1, logger: quietLogger)
        let task = Task { await controller.run() }
        queue.add("demo/a")
        #expect(await eventually { reconciler.started.withLock { $0 } })
        queue.add("demo/b")
        task.cancel()
        await task.value
        #expect(reconciler.finished.withLock { $0 } == true, "the in-flight reconcile ran to the end, uncancelled")
        #expect(reconciler.calls.withLock { $0 } == 1, "demo/b was not started after the stop")
    }
}
