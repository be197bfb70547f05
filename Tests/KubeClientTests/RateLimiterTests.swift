import DrawbridgeTesting
import KubeClient
import Testing

@Suite struct RateLimiterTests {
    @Test func aBurstPassesAtOnceAndTheNextCallWaitsOneOverQPS() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(qps: 2, burst: 3, clock: clock)
        for _ in 0..<3 { try await limiter.acquire() }
        #expect(clock.sleeperCount == 0)

        let fourth = Task { try await limiter.acquire() }
        await clock.waitForSleepers(atLeast: 1)
        #expect(clock.sleeperCount == 1)
        await clock.advance(by: .milliseconds(499))
        #expect(clock.sleeperCount == 1, "the fourth call must still wait before 1/qps = 500 ms")
        await clock.advance(by: .milliseconds(1))
        try await fourth.value
        #expect(clock.sleeperCount == 0)
    }

    @Test func aZeroQPSLimiterNeverWaits() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(qps: 0, burst: 1, clock: clock)
        for _ in 0..<100 { try await limiter.acquire() }
        #expect(clock.sleeperCount == 0)
    }
}
