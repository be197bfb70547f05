import APIServerEmulator
import EmulatorServer
import Foundation
import Testing

/// Ctrl-C always ends `drawbridge emulator` and `drawbridge dev`, whatever their clients do: open
/// watches are closed as kube-apiserver closes them on shutdown, and a watcher that vanished is
/// noticed and released. A hang shows as a process still running after a generous ceiling.
@Suite(
    "Shutdown that never hangs", .serialized,
    .enabled(
        if: KubectlHarness.kubectlPath != nil && CommandLineTests.binary != nil, "needs kubectl and the built binary"))
struct ShutdownTests {
    /// Far beyond the few seconds a shutdown takes: only a hang gets near it.
    static let ceiling = Duration.seconds(30)

    /// `kubectl get ARGUMENTS -w` in its own process group (led by `timeout`, which also ends it
    /// after two minutes whatever happens), its output in `directory`.
    static func watch(_ arguments: [String], kubeconfig: String, in directory: URL) throws -> ChildProcess {
        guard let kubectl = KubectlHarness.kubectlPath else { throw HarnessError("kubectl is not on PATH") }
        let scratch = directory.appendingPathComponent("kubectl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        return try ChildProcess(
            ["--signal=INT", "120", kubectl, "--kubeconfig", kubeconfig, "get"] + arguments + ["-w"], in: scratch,
            executable: "/usr/bin/timeout")
    }

    /// `drawbridge emulator` on a free port, once it has written its kubeconfig.
    static func emulator() async throws -> (ChildProcess, kubeconfig: String) {
        let directory = try ChildProcess.scratchDirectory("shutdown")
        let kubeconfig = directory.appendingPathComponent("kubeconfig").path
        let emulator = try ChildProcess(
            ["emulator", "--listen", "127.0.0.1:0", "--kubeconfig", kubeconfig], in: directory)
        guard await emulator.waitForOutput("Press Ctrl-C to stop.") else {
            throw HarnessError("the emulator did not start:\n\(emulator.stdout)\n\(emulator.stderr)")
        }
        return (emulator, kubeconfig)
    }

    /// Sends SIGINT and expects a clean exit before the ceiling (else kills it and records the hang).
    static func interrupt(_ process: ChildProcess, _ what: String) async {
        process.send(SIGINT)
        let status = await process.waitForExit(timeout: ceiling)
        #expect(status == 0, "\(what) exits 0 on Ctrl-C (nil: still running after \(ceiling))\n\(process.stderr)")
        if status == nil { _ = await process.stop(signal: SIGKILL) }
    }

    @Test("Ctrl-C on drawbridge emulator with a live kubectl get -w: the watch ends and the emulator exits")
    func emulatorWithLiveWatch() async throws {
        let (emulator, kubeconfig) = try await Self.emulator()
        let watcher = try Self.watch(["namespaces"], kubeconfig: kubeconfig, in: emulator.directory)
        #expect(await watcher.waitForOutput("kube-system"), "\(watcher.stdout)\(watcher.stderr)")
        await Self.interrupt(emulator, "drawbridge emulator")
        let watchStatus = await watcher.waitForExit(timeout: Self.ceiling)
        #expect(watchStatus != nil, "kubectl's watch ended when the server closed it")
        watcher.signalGroup(SIGKILL)
    }

    @Test("Ctrl-C on drawbridge emulator after a watcher was killed with SIGKILL")
    func emulatorAfterKilledWatcher() async throws {
        let (emulator, kubeconfig) = try await Self.emulator()
        let watcher = try Self.watch(["namespaces"], kubeconfig: kubeconfig, in: emulator.directory)
        #expect(await watcher.waitForOutput("kube-system"), "\(watcher.stdout)\(watcher.stderr)")
        watcher.signalGroup(SIGKILL)
        #expect(await watcher.waitForExit(timeout: Self.ceiling) != nil)
        await Self.interrupt(emulator, "drawbridge emulator")
    }

    @Test("A watcher killed with SIGKILL is noticed and its watch released at once, not at the next event")
    func vanishedWatcherIsReleased() async throws {
        let api = APIServer(options: .init(authenticator: .demo(tokenSuffix: "vanish")))
        let running = try await RunningEmulator.start(api: api)
        let directory = try ChildProcess.scratchDirectory("vanish")
        let kubeconfig = directory.appendingPathComponent("kubeconfig").path
        try running.kubeconfig(users: [.init(name: "admin", token: "admin-vanish")], currentContext: "admin").write(
            to: kubeconfig)
        let watcher = try Self.watch(["namespaces"], kubeconfig: kubeconfig, in: directory)
        #expect(await watcher.waitForOutput("kube-system"), "\(watcher.stdout)\(watcher.stderr)")
        // kubectl prints its list first, then starts the watch.
        let started = ContinuousClock.now.advanced(by: Self.ceiling)
        while api.store.watcherCount == 0, ContinuousClock.now < started {
            try await Task.sleep(for: .milliseconds(20))
        }
        try #require(api.store.watcherCount == 1, "kubectl is watching")
        watcher.signalGroup(SIGKILL)
        // Nothing changes in the cluster meanwhile, so no event could reveal the dead connection.
        let deadline = ContinuousClock.now.advanced(by: Self.ceiling)
        while api.store.watcherCount > 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(api.store.watcherCount == 0, "the vanished client's watch is released")
        await running.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    @Test("Ctrl-C on drawbridge dev with one kubectl get -w live and one killed with SIGKILL: dev exits")
    func devWithLiveAndKilledWatches() async throws {
        let dev = try await DevProcess.start()
        let killed = try Self.watch(["namespaces"], kubeconfig: dev.kubeconfig, in: dev.directory)
        let live = try Self.watch(["namespaces"], kubeconfig: dev.kubeconfig, in: dev.directory)
        #expect(await live.waitForOutput("demo"), "\(live.stdout)\(live.stderr)")
        #expect(await killed.waitForOutput("demo"), "\(killed.stdout)\(killed.stderr)")
        killed.signalGroup(SIGKILL)
        #expect(await killed.waitForExit(timeout: Self.ceiling) != nil)
        await Self.interrupt(dev.child, "drawbridge dev")
        #expect(await live.waitForExit(timeout: Self.ceiling) != nil, "kubectl's watch ended")
        live.signalGroup(SIGKILL)
    }
}
