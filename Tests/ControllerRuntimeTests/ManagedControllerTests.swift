import APIServerEmulator
import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeTesting
import Foundation
import KubeClient
import Synchronization
import Testing

/// Records the keys it reconciles, in order; holds every reconcile while `gate` is closed.
final class RecordingReconciler: Reconciler {
    private let state = Mutex<(keys: [ObjectKey], open: Bool)>(([], true))
    let action: ReconcileAction

    init(gateOpen: Bool = true, action: ReconcileAction = .awaitChange) {
        self.action = action
        state.withLock { $0.open = gateOpen }
    }

    func reconcile(_ key: ObjectKey) async throws -> ReconcileAction {
        state.withLock { $0.keys.append(key) }
        while !state.withLock({ $0.open }) { await Task.yield() }
        return action
    }

    func open() { state.withLock { $0.open = true } }
    var keys: [ObjectKey] { state.withLock { $0.keys } }
}

/// A ConfigMap controller that owns Secrets (labelled `owner=<configmap>`) and watches Namespaces,
/// against the emulator on a manual clock.
struct ManagedConfigMaps {
    let harness: EmulatorHarness
    let controller: ManagedController
    let reconciler: RecordingReconciler
    let mapped: Counter
    let task: Task<Void, Never>

    init(
        harness: EmulatorHarness, reconciler: RecordingReconciler, prioritized: [ObjectKey] = [],
        elector: LeaderElector? = nil
    ) {
        let client = harness.client("admin")
        let clock = harness.clock
        let configMaps = Informer<ConfigMap>(client: client, namespace: "demo", clock: clock, logger: quietLogger)
        let secrets = Informer<Secret>(client: client, namespace: "demo", clock: clock, logger: quietLogger)
        let namespaces = Informer<Namespace>(client: client, clock: clock, logger: quietLogger)
        let mapped = Counter()
        controller = ControllerBuilder(for: configMaps)
            .owns(secrets) { secret in
                secret.metadata.labels?["owner"].map { ObjectKey(namespace: secret.metadata.namespace, name: $0) }
            }
            .watches(namespaces) { change in
                mapped.increment()
                return change.key.name == "demo" ? ["demo/a"] : []
            }
            .firstPass(prioritizing: { prioritized })
            .resync(every: .seconds(60)) { ["demo/a"] }
            .leaderElection(elector)
            .workers(1)
            .build(name: "configmaps", reconciler: reconciler, clock: clock, logger: quietLogger)
        self.harness = harness
        self.reconciler = reconciler
        self.mapped = mapped
        let controller = controller
        task = Task { await controller.run() }
    }

    func stop() async {
        task.cancel()
        await task.value
    }
}

@Suite("A managed controller: informers, first pass, readiness, mapping, resync")
struct ManagedControllerTests {
    static func seeded() async throws -> EmulatorHarness {
        let harness = try await EmulatorHarness()
        let admin = harness.client("admin")
        _ = try await admin.create(ConfigMap("a"))
        _ = try await admin.create(ConfigMap("b"))
        var secret = Secret(metadata: ObjectMeta(name: "s", namespace: "demo", labels: ["owner": "ghost"]))
        secret.type = "Opaque"
        _ = try await admin.create(secret)
        return harness
    }

    @Test(
        "The first pass queues prioritized keys, then every primary object and the owners of owned ones; ready only once each is reconciled"
    )
    func firstPassAndReadiness() async throws {
        let harness = try await Self.seeded()
        let reconciler = RecordingReconciler(gateOpen: false)
        let running = ManagedConfigMaps(harness: harness, reconciler: reconciler, prioritized: ["demo/b"])
        #expect(await eventually { reconciler.keys.count == 1 })
        #expect(running.controller.hasSynced)
        #expect(!running.controller.isReady, "not ready while the first pass is under way")
        reconciler.open()
        #expect(await eventually { running.controller.isReady })
        #expect(reconciler.keys == ["demo/b", "demo/a", "demo/ghost"], "b first, its repeat deduplicated")
        await running.stop()
    }

    @Test("A change to an owned object queues its owner; a change to a watched one queues what the map says")
    func owningAndWatching() async throws {
        let harness = try await Self.seeded()
        let reconciler = RecordingReconciler()
        let running = ManagedConfigMaps(harness: harness, reconciler: reconciler)
        #expect(await eventually { running.controller.isReady })
        let before = reconciler.keys.count
        let admin = harness.client("admin")
        var secret = try await admin.get(Secret.self, name: "s", namespace: "demo")
        secret.metadata.labels = ["owner": "b"]
        _ = try await admin.update(secret)
        #expect(await eventually { reconciler.keys.count > before && reconciler.keys.last == "demo/b" })
        let afterOwned = reconciler.keys.count
        _ = try await admin.patch(
            Namespace.self, name: "demo", body: ["metadata": ["labels": ["team": "x"]]])
        #expect(await eventually { reconciler.keys.count > afterOwned && reconciler.keys.last == "demo/a" })
        await running.stop()
    }

    @Test("Every resync interval the resync keys are queued again, without any change")
    func resync() async throws {
        let harness = try await Self.seeded()
        let reconciler = RecordingReconciler()
        let running = ManagedConfigMaps(harness: harness, reconciler: reconciler)
        #expect(await eventually { running.controller.isReady && running.controller.isSettled })
        let before = reconciler.keys.count
        await harness.clock.advance(by: .seconds(59))
        #expect(await eventually { running.controller.isSettled })
        #expect(reconciler.keys.count == before, "nothing before the interval")
        await harness.clock.advance(by: .seconds(1))
        #expect(await eventually { reconciler.keys.count == before + 1 })
        #expect(reconciler.keys.last == "demo/a")
        await running.stop()
    }

    @Test("A requeue that is due keeps the controller unsettled until it has run")
    func settledWaitsForDueRequeues() async throws {
        let harness = try await Self.seeded()
        let reconciler = RecordingReconciler(action: .requeue(after: .seconds(30)))
        let running = ManagedConfigMaps(harness: harness, reconciler: reconciler)
        #expect(await eventually { running.controller.isReady && running.controller.isSettled })
        let before = reconciler.keys.count
        await harness.clock.advance(by: .seconds(30))
        #expect(await eventually { running.controller.isSettled })
        #expect(reconciler.keys.count >= before + 3, "each key's requeue ran before the queue counted as settled")
        await running.stop()
    }

    @Test("A standby keeps its caches, is ready once synced, and neither maps nor reconciles changes")
    func standby() async throws {
        let harness = try await Self.seeded()
        let clock = harness.clock
        let holder = LeaderElector(
            config: LeaderElectionConfig(identity: "other"), client: harness.client("controller"), clock: clock,
            now: { clock.date }, logger: quietLogger)
        let leading = Task { await holder.run { try? await Task.sleep(for: .seconds(100_000)) } }
        #expect(await eventually { holder.isLeader })
        let reconciler = RecordingReconciler()
        let standbyElector = LeaderElector(
            config: LeaderElectionConfig(identity: "standby"), client: harness.client("controller"), clock: clock,
            now: { clock.date }, logger: quietLogger)
        let running = ManagedConfigMaps(harness: harness, reconciler: reconciler, elector: standbyElector)
        #expect(await eventually { running.controller.hasSynced && running.controller.isReady })
        _ = try await harness.client("admin").patch(
            Namespace.self, name: "demo", body: ["metadata": ["labels": ["team": "y"]]])
        _ = try await harness.client("admin").create(ConfigMap("c"))
        #expect(await eventually { running.controller.isSettled })
        await settle(yields: 2_000)
        #expect(reconciler.keys.isEmpty)
        #expect(running.mapped.value == 0, "a standby never runs the map functions")
        #expect(!running.controller.isReconciling)
        await running.stop()
        leading.cancel()
        await leading.value
    }
}
