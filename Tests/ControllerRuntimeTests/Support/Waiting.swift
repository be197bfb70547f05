import DrawbridgeTesting
import Logging

/// Yields (never sleeps) until `condition` holds or `limit` yields have passed; returns the result.
@discardableResult
func eventually(limit: Int = 200_000, _ condition: () -> Bool) async -> Bool {
    for _ in 0..<limit {
        if condition() { return true }
        await Task.yield()
    }
    return condition()
}

/// Advances the manual clock in `step`s until `condition` holds (at most `steps` times), for waits
/// whose exact backoff schedule the test does not care about (the schedule has its own tests).
@discardableResult
func advance(_ clock: ManualClock, by step: Duration, atMost steps: Int = 600, until condition: () -> Bool) async
    -> Bool
{
    for _ in 0..<steps {
        if await eventually(limit: 2_000, condition) { return true }
        await clock.advance(by: step)
    }
    return condition()
}

/// A logger that discards everything, so expected failures do not clutter test output.
let quietLogger = Logger(label: "controller-runtime-tests", factory: { _ in SwiftLogNoOpLogHandler() })
