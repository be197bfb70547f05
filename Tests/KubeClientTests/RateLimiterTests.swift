import DrawbridgeTesting
import KubeClient
import Synchronization
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

/// What the limiter orders: with the budget spent, a revocation waiting gets the next token before a
/// grant or anything else that waited longer; Events never touch that budget and are refused once
/// too many wait.
@Suite struct RateLimiterLaneTests {
    final class Order: Sendable {
        let lanes = Mutex<[RequestLane]>([])
        func add(_ lane: RequestLane) { lanes.withLock { $0.append(lane) } }
        var all: [RequestLane] { lanes.withLock { $0 } }
    }

    @Test func aWaitingRevocationGoesBeforeGrantsAndOthersThatWaitedLonger() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(qps: 10, burst: 1, clock: clock, eventQPS: 0)
        try await limiter.acquire(.normal)  // the budget is spent
        let order = Order()
        var tasks: [Task<Void, any Error>] = []
        for lane in [RequestLane.normal, .grant, .normal, .revocation] {
            tasks.append(
                Task {
                    try await limiter.acquire(lane)
                    order.add(lane)
                })
            await clock.waitForSleepers(atLeast: tasks.count)
        }
        for _ in 0..<20 where order.all.count < 4 {
            await clock.advance(by: .milliseconds(100))
            await clock.waitForSleepers(atLeast: 4 - order.all.count)
        }
        for task in tasks { try await task.value }
        #expect(order.all == [.revocation, .grant, .normal, .normal])
    }

    @Test func eventsHaveTheirOwnBudgetAndAreDroppedWhenTooManyWait() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(qps: 1, burst: 1, clock: clock, eventQPS: 1, eventBurst: 2, eventBacklog: 1)
        try await limiter.acquire(.normal)
        // The main budget is spent, yet two Events pass at once: they have their own.
        try await limiter.acquire(.events)
        try await limiter.acquire(.events)
        let waiting = Task { try await limiter.acquire(.events) }
        await clock.waitForSleepers(atLeast: 1)
        await #expect(throws: RateLimiterDropped.self) { try await limiter.acquire(.events) }
        await clock.advance(by: .seconds(1))
        try await waiting.value
    }

    @Test func eventsDefaultToAFifthOfTheBudget() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(qps: 10, burst: 10, clock: clock)
        // A burst of 10 leaves Events a burst of 2 at 2 per second: the third waits half a second.
        try await limiter.acquire(.events)
        try await limiter.acquire(.events)
        let third = Task { try await limiter.acquire(.events) }
        await clock.waitForSleepers(atLeast: 1)
        // Meanwhile the main budget is untouched: ten other writes pass at once.
        for _ in 0..<10 { try await limiter.acquire(.normal) }
        await clock.advance(by: .milliseconds(500))
        try await third.value
    }

    @Test func theLaneComesFromTheTaskWhenNotGiven() async throws {
        #expect(RequestLane.current == .normal)
        RequestLane.$current.withValue(.revocation) { #expect(RequestLane.current == .revocation) }
    }
}
