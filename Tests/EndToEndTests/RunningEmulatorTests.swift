import APIServerEmulator
import EmulatorServer
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
}
