import ControllerRuntime
import KubeClient
import Testing

/// One row of the transition table.
struct Transition: Sendable, CustomTestStringConvertible {
    var name: String
    var from: WatcherState
    var input: WatcherInput
    var to: WatcherState
    var action: WatcherAction

    var testDescription: String { name }
}

private func retries(_ errors: Int, _ restarts: Int) -> WatcherRetries {
    WatcherRetries(errors: errors, restarts: restarts)
}

private let fresh = WatcherRetries()

@Suite struct WatcherStateTests {
    static let transitions: [Transition] = [
        // Start and list.
        .init(name: "starting lists", from: .empty, input: .start, to: .listing(fresh), action: .list),
        .init(
            name: "a successful list watches from its resourceVersion", from: .listing(fresh),
            input: .listed(resourceVersion: "5"), to: .watching(resourceVersion: "5", fresh), action: .watch(from: "5")),
        .init(
            name: "a successful list resets errors but not restarts", from: .listing(retries(2, 1)),
            input: .listed(resourceVersion: "5"), to: .watching(resourceVersion: "5", retries(0, 1)),
            action: .watch(from: "5")),
        .init(
            name: "a failed list backs off 200 ms before relisting", from: .listing(fresh),
            input: .listFailed(.failed(retryAfter: nil)), to: .backingOff(resume: .relist, retries(1, 0)),
            action: .sleep(.milliseconds(200))),
        .init(
            name: "the fourth failed list in a row backs off 1.6 s", from: .listing(retries(3, 0)),
            input: .listFailed(.failed(retryAfter: nil)), to: .backingOff(resume: .relist, retries(4, 0)),
            action: .sleep(.milliseconds(1600))),
        .init(
            name: "list backoff is capped at 30 s", from: .listing(retries(10, 0)),
            input: .listFailed(.failed(retryAfter: nil)), to: .backingOff(resume: .relist, retries(11, 0)),
            action: .sleep(.seconds(30))),
        .init(
            name: "a 429 on list waits its Retry-After when that is longer", from: .listing(fresh),
            input: .listFailed(.failed(retryAfter: .seconds(1))), to: .backingOff(resume: .relist, retries(1, 0)),
            action: .sleep(.seconds(1))),
        .init(
            name: "a 429 on list waits the backoff when that is longer", from: .listing(retries(5, 0)),
            input: .listFailed(.failed(retryAfter: .seconds(1))), to: .backingOff(resume: .relist, retries(6, 0)),
            action: .sleep(.milliseconds(6400))),
        .init(
            name: "a 410 on list (expired continue token) is an error like any other", from: .listing(fresh),
            input: .listFailed(.gone), to: .backingOff(resume: .relist, retries(1, 0)),
            action: .sleep(.milliseconds(200))),
        // Watching.
        .init(
            name: "a watch event advances the resourceVersion and resets both counts",
            from: .watching(resourceVersion: "5", retries(2, 3)), input: .progressed(resourceVersion: "7"),
            to: .watching(resourceVersion: "7", fresh), action: .none),
        .init(
            name: "an event without a resourceVersion keeps the current one",
            from: .watching(resourceVersion: "5", retries(1, 0)), input: .progressed(resourceVersion: ""),
            to: .watching(resourceVersion: "5", fresh), action: .none),
        .init(
            name: "the first clean watch end re-watches at once from the last resourceVersion",
            from: .watching(resourceVersion: "5", fresh), input: .watchEnded,
            to: .watching(resourceVersion: "5", retries(0, 1)), action: .watch(from: "5")),
        .init(
            name: "a second clean watch end without events backs off 200 ms",
            from: .watching(resourceVersion: "5", retries(0, 1)), input: .watchEnded,
            to: .backingOff(resume: .rewatch(resourceVersion: "5"), retries(0, 2)), action: .sleep(.milliseconds(200))),
        .init(
            name: "further clean watch ends without events back off exponentially",
            from: .watching(resourceVersion: "5", retries(0, 3)), input: .watchEnded,
            to: .backingOff(resume: .rewatch(resourceVersion: "5"), retries(0, 4)), action: .sleep(.milliseconds(800))),
        .init(
            name: "410 Gone relists at once", from: .watching(resourceVersion: "5", fresh), input: .watchFailed(.gone),
            to: .listing(retries(0, 1)), action: .list),
        .init(
            name: "410 Gone right after a relist backs off before relisting again",
            from: .watching(resourceVersion: "9", retries(0, 1)), input: .watchFailed(.gone),
            to: .backingOff(resume: .relist, retries(0, 2)), action: .sleep(.milliseconds(200))),
        .init(
            name: "a broken watch backs off, then resumes from the last resourceVersion",
            from: .watching(resourceVersion: "5", fresh), input: .watchFailed(.failed(retryAfter: nil)),
            to: .backingOff(resume: .rewatch(resourceVersion: "5"), retries(1, 0)), action: .sleep(.milliseconds(200))),
        .init(
            name: "a 429 on watch waits its Retry-After",
            from: .watching(resourceVersion: "5", retries(1, 0)), input: .watchFailed(.failed(retryAfter: .seconds(5))),
            to: .backingOff(resume: .rewatch(resourceVersion: "5"), retries(2, 0)), action: .sleep(.seconds(5))),
        // Backoff.
        .init(
            name: "after the backoff a relist lists, keeping the counts",
            from: .backingOff(resume: .relist, retries(1, 0)), input: .backoffElapsed, to: .listing(retries(1, 0)),
            action: .list),
        .init(
            name: "after the backoff a re-watch watches from the saved resourceVersion",
            from: .backingOff(resume: .rewatch(resourceVersion: "5"), retries(2, 1)), input: .backoffElapsed,
            to: .watching(resourceVersion: "5", retries(2, 1)), action: .watch(from: "5")),
        // Inputs that do not belong to the state change nothing.
        .init(
            name: "a watch end before starting is ignored", from: .empty, input: .watchEnded, to: .empty, action: .none),
        .init(
            name: "a watch event while listing is ignored", from: .listing(fresh),
            input: .progressed(resourceVersion: "9"), to: .listing(fresh), action: .none),
        .init(
            name: "starting again while watching is ignored", from: .watching(resourceVersion: "5", fresh),
            input: .start, to: .watching(resourceVersion: "5", fresh), action: .none),
        .init(
            name: "a list result while watching is ignored", from: .watching(resourceVersion: "5", fresh),
            input: .listed(resourceVersion: "9"), to: .watching(resourceVersion: "5", fresh), action: .none),
        .init(
            name: "a failure while backing off is ignored", from: .backingOff(resume: .relist, retries(1, 0)),
            input: .listFailed(.gone), to: .backingOff(resume: .relist, retries(1, 0)), action: .none),
        .init(
            name: "a backoff end before starting is ignored", from: .empty, input: .backoffElapsed, to: .empty,
            action: .none),
    ]

    @Test(arguments: transitions)
    func everyTransitionOfTheWatcher(_ transition: Transition) {
        let (state, action) = transition.from.step(transition.input)
        #expect(state == transition.to)
        #expect(action == transition.action)
    }

    @Test func aServerThatAnswersEveryWatchWith410CannotMakeTheWatcherSpin() {
        var state = WatcherState.empty
        var actions: [WatcherAction] = []
        let inputs: [WatcherInput] = [
            .start, .listed(resourceVersion: "1"), .watchFailed(.gone), .listed(resourceVersion: "2"),
            .watchFailed(.gone), .backoffElapsed, .listed(resourceVersion: "3"), .watchFailed(.gone),
        ]
        for input in inputs {
            let next = state.step(input)
            state = next.state
            actions.append(next.action)
        }
        #expect(
            actions == [
                .list, .watch(from: "1"), .list, .watch(from: "2"), .sleep(.milliseconds(200)), .list,
                .watch(from: "3"), .sleep(.milliseconds(400)),
            ])
    }

    @Test func aWatchEventAfterTroubleMakesTheNextRestartImmediateAgain() {
        var state = WatcherState.watching(resourceVersion: "5", WatcherRetries(errors: 3, restarts: 4))
        state = state.step(.progressed(resourceVersion: "6")).state
        let (next, action) = state.step(.watchEnded)
        #expect(action == .watch(from: "6"))
        #expect(next.resourceVersion == "6")
    }

    @Test func theResourceVersionIsKnownOnlyOnceSomethingWasListed() {
        #expect(WatcherState.empty.resourceVersion == nil)
        #expect(WatcherState.listing(fresh).resourceVersion == nil)
        #expect(WatcherState.backingOff(resume: .relist, fresh).resourceVersion == nil)
        #expect(WatcherState.backingOff(resume: .rewatch(resourceVersion: "4"), fresh).resourceVersion == "4")
        #expect(WatcherState.watching(resourceVersion: "5", fresh).resourceVersion == "5")
    }
}

@Suite struct WatcherFailureTests {
    @Test func a410OrAnExpiredStatusMeansRelist() {
        let gone = APIError(code: 410, status: APIStatus(code: 410, reason: "Expired"), operation: "GET /x")
        #expect(WatcherFailure(gone) == .gone)
        #expect(WatcherFailure(status: APIStatus(code: 410, reason: "Gone")) == .gone)
        #expect(WatcherFailure(status: APIStatus(code: 0, reason: "Expired")) == .gone)
    }

    @Test func a429CarriesItsRetryAfter() {
        let throttled = APIError(
            code: 429, status: APIStatus(code: 429, reason: "TooManyRequests"), retryAfterSeconds: 3,
            operation: "GET /x")
        #expect(WatcherFailure(throttled) == .failed(retryAfter: .seconds(3)))
    }

    @Test func serverErrorsAndOtherErrorsAreFailuresWithoutRetryAfter() {
        let broken = APIError(code: 500, status: APIStatus(code: 500), operation: "GET /x")
        #expect(WatcherFailure(broken) == .failed(retryAfter: nil))
        #expect(WatcherFailure(CancellationError()) == .failed(retryAfter: nil))
        #expect(WatcherFailure(status: APIStatus(code: 500, message: "boom")) == .failed(retryAfter: nil))
    }
}

@Suite struct ExponentialBackoffTests {
    @Test func theWatcherBackoffDoublesFrom200MillisecondsUpTo30Seconds() {
        let delays = (1...10).map { ExponentialBackoff.watcher.delay(afterFailures: $0) }
        #expect(
            delays == [
                .milliseconds(200), .milliseconds(400), .milliseconds(800), .milliseconds(1600), .milliseconds(3200),
                .milliseconds(6400), .milliseconds(12800), .milliseconds(25600), .seconds(30), .seconds(30),
            ])
    }

    @Test func theQueueBackoffDoublesFrom5MillisecondsUpTo1000Seconds() {
        let backoff = ExponentialBackoff.workQueue
        #expect(backoff.delay(afterFailures: 1) == .milliseconds(5))
        #expect(backoff.delay(afterFailures: 2) == .milliseconds(10))
        #expect(backoff.delay(afterFailures: 18) == .milliseconds(655_360))
        #expect(backoff.delay(afterFailures: 19) == .seconds(1000))
        #expect(backoff.delay(afterFailures: 10_000) == .seconds(1000))
        #expect(backoff.delay(afterFailures: 0) == .milliseconds(5))
    }
}
