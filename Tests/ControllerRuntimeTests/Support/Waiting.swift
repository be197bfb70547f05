import DrawbridgeTesting
import Logging

/// Waits until `condition` holds or `timeout` of real time has passed; returns the result. A
/// thousand yields first (enough when everything is in memory), then a real millisecond's sleep
/// between looks: on a loaded machine the work being waited for may take real time, and a task that
/// keeps yielding keeps a thread from tasks of lower priority.
@discardableResult
func eventually(timeout: Duration = .seconds(60), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    var looks = 0
    while ContinuousClock.now < deadline {
        if condition() { return true }
        looks += 1
        if looks < 1_000 {
            await Task.yield()
        } else {
            try? await ContinuousClock().sleep(for: .milliseconds(1))
        }
    }
    return condition()
}

/// Yields `count` times: lets tasks that are ready run, for steps where nothing observable says
/// they are done (the code under test must be correct either way).
func settle(yields count: Int) async {
    for _ in 0..<count { await Task.yield() }
}

/// Advances the manual clock in `step`s until `condition` holds (at most `steps` times), for waits
/// whose exact backoff schedule the test does not care about (the schedule has its own tests).
@discardableResult
func advance(_ clock: ManualClock, by step: Duration, atMost steps: Int = 600, until condition: () -> Bool) async
    -> Bool
{
    for _ in 0..<steps {
        for _ in 0..<2_000 {
            if condition() { return true }
            await Task.yield()
        }
        await clock.advance(by: step)
    }
    return condition()
}

/// A logger that discards everything, so expected failures do not clutter test output.
let quietLogger = Logger(label: "controller-runtime-tests", factory: { _ in SwiftLogNoOpLogHandler() })
