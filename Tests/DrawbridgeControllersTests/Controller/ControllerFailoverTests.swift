import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import KubeClient
import Testing

/// Two replicas against one API server: only the leader acts, and when it dies the standby takes
/// over and revokes every grant, none twice and none missed.
@Suite struct ControllerFailoverTests {
    static func election(_ identity: String, release: Bool) -> LeaderElectionConfig {
        LeaderElectionConfig(identity: identity, releaseOnCancel: release)
    }

    @Test func aLeaderIsReadyOnlyOnceEveryRequestPresentAtStartHasBeenReconciled() async throws {
        let h = try await ControllerHarness()
        for index in 0..<20 { try await h.create(AccessRequest.fixture(name: "early\(index)")) }
        let controller = h.makeController(options: .init(leaderElection: Self.election("only", release: true)))
        let run = Task { await controller.run() }
        // Until its first attempt at the lease, a replica is a standby, and a synced standby is ready
        // (it serves the webhook): wait for readiness *as the leader*.
        try await h.eventually("the leader is ready") { controller.isReconciling && controller.isReady ? true : nil }
        // No waiting after readiness: every request was already reconciled when it was reported.
        let requests = try await h.emulator.client("admin").list(AccessRequest.self, namespace: "demo").items
        #expect(requests.count == 20)
        #expect(requests.allSatisfy { $0.status?.phase == .pending }, "\(requests.map { $0.status?.phase })")
        run.cancel()
        await run.value
    }

    @Test func whenTheLeaderDiesTheStandbyTakesOverAndRevokesEveryGrantOnce() async throws {
        let h = try await ControllerHarness(policies: [.fixture(required: 0, approverGroups: nil)])
        let a = h.makeController(options: .init(leaderElection: Self.election("a", release: false)))
        let b = h.makeController(options: .init(leaderElection: Self.election("b", release: true)))
        let runA = Task { await a.run() }
        try await h.eventually("a leads") { a.isReconciling && a.isReady ? true : nil }
        let runB = Task { await b.run() }
        try await h.eventually("b is ready as a standby") { b.isReady ? true : nil }
        #expect(!b.isReconciling)

        // Grants of 10 s and 10 min, made while a leads.
        try await h.create(AccessRequest.fixture(name: "short", duration: "10s"))
        try await h.create(AccessRequest.fixture(name: "long", duration: "10m"))
        try await h.waitFor("short", phase: .active)
        try await h.waitFor("long", phase: .active)
        let longExpiry = try #require(try await h.request("long").status?.expiresAt)

        // a dies 5 s in, without releasing the lease; "short" expires while nobody leads (b must
        // first wait out the 15 s lease).
        await h.clock.advance(by: .seconds(5))
        runA.cancel()
        await runA.value
        #expect(!a.isReconciling)
        var advanced = 0
        while !b.isReconciling && advanced < 60 {
            await h.clock.advance(by: .seconds(1))
            advanced += 1
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(b.isReconciling, "b took over within a minute of test time")
        // Test time stands still from here until "long" is due, so whatever b does first happens at
        // this instant. (How long b waits for the lease is LeaderElectorTests' business: here the
        // clock runs ahead of b on a busy machine.)
        let ledBy = KubeTime(h.clock.date)
        try await h.waitFor("short", phase: .expired)
        #expect(try await h.binding(of: "short") == nil)

        // "long" expires under b, on time.
        await h.clock.advance(to: .init(offset: .seconds(Int64(h.clock.epoch.distance(to: longExpiry.date)))))
        try await h.waitFor("long", phase: .expired)
        let expired = h.audit.records.filter { $0.action == .expired }
        #expect(Set(expired.map(\.id)).count == 2, "each grant expired once: \(expired.map(\.request.name))")
        #expect(Set(expired.map(\.request.name)) == ["short", "long"])
        #expect(expired.first { $0.request.name == "long" }?.time == longExpiry, "revoked at its expiresAt")
        let short = try #require(expired.first { $0.request.name == "short" })
        #expect(short.time <= ledBy, "revoked as soon as b led, at \(ledBy.date): \(short.time.date)")
        #expect(short.time >= short.expiresAt!, "not before it was due")
        runB.cancel()
        await runB.value
    }
}
