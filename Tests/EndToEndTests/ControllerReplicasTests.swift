import DrawbridgeAPI
import DrawbridgeTesting
import EmulatorServer
import Foundation
import KubeClient
import Testing

/// Two `drawbridge controller --leader-elect` processes against one API server, as the Deployment
/// runs them: one leads; SIGTERM makes it stop cleanly, release the Lease and exit 0 well within
/// the grace period, and the other takes over at its next retry.
@Suite(
    "Controller replicas as processes",
    .enabled(if: CommandLineTests.binary != nil, "needs the built binary"))
struct ControllerReplicasTests {
    @Test("SIGTERM on the leader: clean exit within the grace period, the Lease released, the standby leads")
    func gracefulHandover() async throws {
        let harness = try await EmulatorHarness()
        let running = try await RunningEmulator.start(api: harness.api)
        defer { Task { await running.stop() } }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "drawbridge-replicas-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let kubeconfig = directory.appendingPathComponent("kubeconfig").path
        try running.kubeconfig(
            users: [.init(name: "controller", token: "controller-harness")], currentContext: "controller"
        )
        .write(to: kubeconfig)
        let arguments = [
            "controller", "--kubeconfig", kubeconfig, "--webhook-port", "0", "--leader-elect",
            "--leader-elect-lease-duration", "6s", "--leader-elect-renew-deadline", "4s", "--leader-elect-retry-period",
            "1s",
            "--metrics-bind-address", "0", "--health-probe-bind-address", "0",
        ]
        let first = try ChildProcess(arguments, name: "replica-a")
        #expect(await first.waitForLog("became leader"), "\(first.stderr)")
        let lease = try await harness.client("admin").get(
            Lease.self, name: "drawbridge-controller", namespace: "drawbridge-system")
        let leader = try #require(lease.spec.holderIdentity)
        #expect(first.stderr.contains("became leader as \(leader)"))

        // The standby has settled once it has looked at the Lease twice (one retry period apart)
        // and stood by both times; only then is "it did not lead" a statement about its decision.
        let second = try ChildProcess(arguments + ["--log-level", "debug"], name: "replica-b")
        let standingBy = "lease held by \(leader); standing by"
        #expect(
            await second.waitForLog(count: 2, of: standingBy, timeout: .seconds(60)),
            "the standby saw the lease held twice: \(second.stderr)")
        #expect(!second.stderr.contains("became leader"), "only one leads: \(second.stderr)")

        let stopping = ContinuousClock.now
        let status = await first.stop(signal: SIGTERM)
        let took = ContinuousClock.now - stopping
        #expect(status == 0, "\(first.stderr)")
        #expect(took < .seconds(10), "exited within the Deployment's 30 s grace period, in \(took)")
        #expect(first.stderr.contains("released the lease"), "\(first.stderr)")
        #expect(await second.waitForLog("became leader", timeout: .seconds(10)), "\(second.stderr)")
        #expect(await second.stop(signal: SIGTERM) == 0, "\(second.stderr)")
    }
}
