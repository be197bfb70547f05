/// An injected `Clock<Duration>` reduced to "time since start" and "sleep until", so types that take
/// `any Clock<Duration>` can store deadlines as plain `Duration`s without carrying the clock's
/// `Instant` type around.
struct Timeline: Sendable {
    /// Time elapsed on the clock since the timeline was made.
    let elapsed: @Sendable () -> Duration
    /// Sleeps on the clock until `elapsed()` reaches the given offset; throws on cancellation.
    let sleepUntil: @Sendable (Duration) async throws -> Void

    init<C: Clock<Duration>>(_ clock: C) {
        let origin = clock.now
        elapsed = { origin.duration(to: clock.now) }
        sleepUntil = { offset in try await clock.sleep(until: origin.advanced(by: offset), tolerance: nil) }
    }
}
