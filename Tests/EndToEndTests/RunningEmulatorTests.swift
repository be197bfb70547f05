import APIServerEmulator
import AsyncHTTPClient
import EmulatorServer
import NIOCore
import NIOHTTP1
import Testing

/// Starting and stopping the served emulator.
struct RunningEmulatorTests {
    @Test("Starting on a port that is already taken fails instead of waiting forever")
    func portTaken() async throws {
        let api = APIServer(options: .init(authenticator: .demo(tokenSuffix: "port")))
        let first = try await RunningEmulator.start(api: api)
        let started = ContinuousClock.now
        await #expect(throws: EmulatorStartError.self) {
            let second = try await RunningEmulator.start(api: api, port: first.port)
            await second.stop()
        }
        // "Instead of waiting forever": a wide bound, because CI machines may be busy.
        #expect(ContinuousClock.now - started < .seconds(60))
        await first.stop()
    }

    @Test("A request still running when the emulator stops is cancelled after the grace period, not awaited")
    func stuckRequestDoesNotHoldTheStop() async throws {
        let api = APIServer(options: .init(authenticator: .demo(tokenSuffix: "stuck")))
        // Five minutes of delay: far beyond the grace period and the ceiling below.
        api.faults.add(.init(delay: .seconds(300)) { $0.path.hasSuffix("/configmaps") })
        let running = try await RunningEmulator.start(api: api, tls: false)
        var request = HTTPClientRequest(url: "\(running.url)/api/v1/namespaces/default/configmaps")
        request.headers.add(name: "Authorization", value: "Bearer admin-stuck")
        let stuck = Task { try await HTTPClient.shared.execute(request, timeout: .seconds(600)) }
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while api.faults.injectedCount == 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        try #require(api.faults.injectedCount == 1, "the request is in flight")
        let stopping = ContinuousClock.now
        await running.stop()
        let took = ContinuousClock.now - stopping
        #expect(took < .seconds(60), "stopped after \(took), not after the request's 300 s")
        #expect(took >= RunningEmulator.shutdownGracePeriod, "the request had its grace period first")
        _ = await stuck.result
    }
}
