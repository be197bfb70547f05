import APIServerEmulator
import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeTesting
import KubeClient
import Synchronization
import Testing

/// An informer running against an emulator on a manual clock.
struct RunningInformer<R: KubeResource> {
    let harness: EmulatorHarness
    let informer: Informer<R>
    let changes: ChangeLog
    let task: Task<Void, Never>

    init(
        _ type: R.Type, harness: EmulatorHarness, namespace: String? = nil, labelSelector: String? = nil,
        pageSize: Int = 500
    ) {
        self.harness = harness
        informer = Informer<R>(
            client: harness.client("admin"), namespace: namespace, labelSelector: labelSelector, clock: harness.clock,
            logger: quietLogger, pageSize: pageSize)
        changes = ChangeLog(informer)
        let informer = informer
        task = Task { await informer.run() }
    }

    func stop() async {
        task.cancel()
        await task.value
    }
}

/// Fails the first `times` matching requests.
final class FailFirst: Sendable {
    let remaining: Mutex<Int>
    init(_ times: Int) { remaining = Mutex(times) }
    func take() -> Bool {
        remaining.withLock { remaining in
            guard remaining > 0 else { return false }
            remaining -= 1
            return true
        }
    }
}

/// Counts what a fault rule sees.
final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

func isConfigMapList(_ request: APIRequest) -> Bool {
    request.method == "GET" && !request.isWatch && request.path.hasSuffix("/configmaps")
}

func isConfigMapWatch(_ request: APIRequest) -> Bool {
    request.method == "GET" && request.isWatch && request.path.hasSuffix("/configmaps")
}

@Suite(.timeLimit(.minutes(3))) struct InformerTests {
    @Test func theFirstListFillsTheCacheAndThenCreatesUpdatesAndDeletesFlowThroughTheHandlers() async throws {
        let harness = try await EmulatorHarness()
        let admin = harness.client("admin")
        _ = try await admin.create(ConfigMap("a", data: ["v": "1"]))
        _ = try await admin.create(ConfigMap("b"))
        let running = RunningInformer(ConfigMap.self, harness: harness, namespace: "demo", pageSize: 1)
        var changes = running.changes.stream.makeAsyncIterator()
        await running.informer.waitForSync()
        #expect(running.informer.hasSynced)
        #expect(running.informer.cache.count == 2, "both pages of the list are stored")
        #expect(
            running.changes.all == [.added("demo/a"), .added("demo/b")], "handlers ran before waitForSync returned")
        _ = await next(2, from: &changes)

        _ = try await admin.create(ConfigMap("c"))
        #expect(await changes.next() == .added("demo/c"))
        var a = try await admin.get(ConfigMap.self, name: "a", namespace: "demo")
        a.data = ["v": "2"]
        _ = try await admin.update(a)
        #expect(await changes.next() == .updated("demo/a"))
        #expect(running.informer.cache.get("demo/a")?.data == ["v": "2"])
        try await admin.delete(ConfigMap.self, name: "b", namespace: "demo")
        #expect(await changes.next() == .deleted("demo/b"))
        #expect(running.informer.cache.list().map(\.key) == ["demo/a", "demo/c"])
        #expect(running.informer.cache.list(namespace: "demo").count == 2)
        #expect(running.informer.cache.list(namespace: "other").isEmpty)
        await running.stop()
    }

    @Test func aCompactedHistoryForcesARelistThatReportsAnObjectDeletedDuringTheGap() async throws {
        let harness = try await EmulatorHarness()
        let admin = harness.client("admin")
        _ = try await admin.create(ConfigMap("a"))
        _ = try await admin.create(ConfigMap("b"))
        let running = RunningInformer(ConfigMap.self, harness: harness)
        var changes = running.changes.stream.makeAsyncIterator()
        await running.informer.waitForSync()
        _ = await next(2, from: &changes)
        _ = try await admin.create(ConfigMap("c"))
        #expect(await changes.next() == .added("demo/c"))

        // Cut the informer off: its watch ends and re-watching fails, so it backs off.
        harness.api.faults.add(FaultInjector.Rule(failure: FaultInjector.serverError, matches: isConfigMapWatch))
        harness.api.store.dropWatches()
        await harness.clock.waitForSleepers(atLeast: 1)
        // Meanwhile b is deleted and the history compacted past the informer's resourceVersion.
        try await admin.delete(ConfigMap.self, name: "b", namespace: "demo")
        harness.api.store.compact()
        harness.api.faults.reset()

        let relisted = await advance(harness.clock, by: .milliseconds(100)) {
            running.changes.contains(.deleted("demo/b"))
        }
        #expect(relisted)
        #expect(running.informer.cache.list().map(\.key) == ["demo/a", "demo/c"])
        #expect(
            running.changes.all.filter { $0 == .added("demo/a") }.count == 1, "unchanged objects are not re-announced")
        // And the new watch works.
        _ = try await admin.create(ConfigMap("d"))
        let watching = await eventually { running.changes.contains(.added("demo/d")) }
        #expect(watching)
        await running.stop()
    }

    @Test func aDroppedWatchResumesFromTheLastResourceVersionWithoutRelisting() async throws {
        let harness = try await EmulatorHarness()
        let admin = harness.client("admin")
        let lists = Counter()
        harness.api.faults.add(
            FaultInjector.Rule { request in
                if isConfigMapList(request) { lists.increment() }
                return false
            })
        let running = RunningInformer(ConfigMap.self, harness: harness)
        var changes = running.changes.stream.makeAsyncIterator()
        await running.informer.waitForSync()
        _ = try await admin.create(ConfigMap("a"))
        #expect(await changes.next() == .added("demo/a"))
        harness.api.store.dropWatches()
        _ = try await admin.create(ConfigMap("b"))
        #expect(await changes.next() == .added("demo/b"), "nothing is lost between the old watch and the new one")
        #expect(lists.value == 1)
        await running.stop()
    }

    @Test func aFailedListIsRetriedOnceTheClockPassesTheBackoff() async throws {
        let harness = try await EmulatorHarness()
        _ = try await harness.client("admin").create(ConfigMap("a"))
        harness.api.faults.add(FaultInjector.Rule(failure: FaultInjector.serverError, matches: isConfigMapList))
        let running = RunningInformer(ConfigMap.self, harness: harness)
        await harness.clock.waitForSleepers(atLeast: 1)
        #expect(!running.informer.hasSynced)
        #expect(running.informer.state == .backingOff(resume: .relist, WatcherRetries(errors: 1)))
        harness.api.faults.reset()
        await harness.clock.advance(by: .milliseconds(199))
        #expect(!running.informer.hasSynced)
        await harness.clock.advance(by: .milliseconds(1))
        await running.informer.waitForSync()
        #expect(running.informer.cache.get("demo/a") != nil)
        await running.stop()
    }

    @Test func aThrottledListWaitsForTheRetryAfterTheServerAskedFor() async throws {
        let harness = try await EmulatorHarness()
        let once = FailFirst(1)
        harness.api.faults.add(
            FaultInjector.Rule(failure: FaultInjector.tooManyRequests) { isConfigMapList($0) && once.take() })
        let running = RunningInformer(ConfigMap.self, harness: harness)
        await harness.clock.waitForSleepers(atLeast: 1)
        await harness.clock.advance(by: .milliseconds(999))
        #expect(!running.informer.hasSynced, "Retry-After: 1 beats the 200 ms backoff")
        #expect(harness.clock.sleeperCount == 1)
        await harness.clock.advance(by: .milliseconds(1))
        await running.informer.waitForSync()
        await running.stop()
    }

    @Test func aLabelSelectorLimitsWhatTheInformerSees() async throws {
        let harness = try await EmulatorHarness()
        let admin = harness.client("admin")
        _ = try await admin.create(ConfigMap("mine", labels: ["app": "drawbridge"]))
        _ = try await admin.create(ConfigMap("theirs", labels: ["app": "other"]))
        let running = RunningInformer(ConfigMap.self, harness: harness, labelSelector: "app=drawbridge")
        var changes = running.changes.stream.makeAsyncIterator()
        await running.informer.waitForSync()
        #expect(await changes.next() == .added("demo/mine"))
        _ = try await admin.create(ConfigMap("later", labels: ["app": "other"]))
        _ = try await admin.create(ConfigMap("also-mine", labels: ["app": "drawbridge"]))
        #expect(await changes.next() == .added("demo/also-mine"))
        #expect(running.informer.cache.count == 2)
        await running.stop()
    }

    @Test func waitForSyncReturnsWhenTheWaitingTaskIsCancelled() async throws {
        let harness = try await EmulatorHarness()
        let informer = Informer<ConfigMap>(client: harness.client("admin"), clock: harness.clock, logger: quietLogger)
        let waiter = Task { await informer.waitForSync() }
        waiter.cancel()
        await waiter.value
        #expect(!informer.hasSynced)
    }
}
