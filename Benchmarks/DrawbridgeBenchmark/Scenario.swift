import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeTesting
import Foundation
import KubeClient

/// One harness (emulator, webhook, RBAC, one policy) with the controller instrumented: its calls
/// counted, its audit records timed, its reconciles observed, and (optionally) an admin watch on
/// AccessRequests recording when each change became visible through the API.
struct Scenario {
    let harness: ControllerHarness
    let counter = CallCounter()
    let stats = ReconcileStats()
    let audit: TimedAuditSink
    let requests = RequestTracker()
    let watches: [Task<Void, Never>]
    let workers: Int

    /// `watch`: follow AccessRequests through an admin watch. It decodes every change again in this
    /// process, competing with the controller for the CPU, so the large scenario leaves it off and
    /// times the controller's own writes instead.
    init(policy: AccessPolicy, workers: Int, watch: Bool = true) async throws {
        harness = try await ControllerHarness(policies: [policy])
        audit = TimedAuditSink(inner: harness.audit)
        self.workers = workers
        let admin = harness.emulator.client("admin")
        let requests = requests
        watches =
            !watch
            ? []
            : [
                try await follow(AccessRequest.self, client: admin, namespace: "demo") { event, instant in
                    switch event {
                    case .added(let request), .modified(let request): requests.observe(request, at: instant)
                    default: break
                    }
                }
            ]
    }

    var clock: ManualClock { harness.clock }
    var queueDepth: Int { harness.controller?.queueDepth ?? 0 }

    /// Starts a controller (returns once it reports `isReady`).
    func startController() async throws {
        let counter = counter
        try await harness.start(
            workers: workers, transport: { CountingTransport(inner: $0, counter: counter) }, audit: audit,
            observer: stats.observer)
    }

    func stop() async {
        await harness.stop()
        for watch in watches { watch.cancel() }
    }

    /// Creates `count` requests named `<prefix><index>` as alice, from `creators` concurrent clients.
    func create(prefix: String, count: Int, duration: String, creators: Int) async throws {
        let harness = harness
        try await withThrowingTaskGroup(of: Void.self) { group in
            for creator in 0..<min(creators, count) {
                group.addTask {
                    var index = creator
                    while index < count {
                        try await harness.create(AccessRequest.fixture(name: "\(prefix)\(index)", duration: duration))
                        index += creators
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Waits until the controller has nothing queued and has neither reconciled nor written for `quiet`.
    func quiesce(quiet: Duration = .milliseconds(250), timeout: Duration = .seconds(900)) async throws {
        var last = (counter.snapshot.totalWrites, stats.count)
        var since = ContinuousClock.now
        try await waitUntil(
            "the controller is idle", timeout: timeout, interval: .milliseconds(10),
            status: { "(queue depth \(queueDepth), \(stats.count) reconciles)" }
        ) {
            let now = (counter.snapshot.totalWrites, stats.count)
            if now != last {
                last = now
                since = .now
                return false
            }
            return queueDepth == 0 && ContinuousClock.now - since >= quiet
        }
    }

    /// Moves the controller's clock to wall-clock `date`.
    func advanceClock(to date: Date) async {
        let offset = clock.epoch.distance(to: date)
        await clock.advance(to: .init(offset: .nanoseconds(Int64((offset * 1e9).rounded()))))
    }
}
