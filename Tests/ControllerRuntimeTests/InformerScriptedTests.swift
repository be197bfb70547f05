import ControllerRuntime
import DrawbridgeTesting
import KubeClient
import Testing

/// An informer over a scripted transport on a manual clock.
struct ScriptedInformer {
    let clock = ManualClock()
    let transport: ScriptedTransport
    let informer: Informer<ConfigMap>
    let changes: ChangeLog
    let task: Task<Void, Never>

    init(lists: [String], watches: [ScriptedTransport.Watch]) {
        transport = ScriptedTransport(lists: lists, watches: watches)
        informer = Informer<ConfigMap>(
            client: KubeClient(transport: transport), clock: clock, logger: quietLogger)
        changes = ChangeLog(informer)
        let informer = informer
        task = Task { await informer.run() }
    }

    /// Waits until `count` requests were made; returns them.
    func requests(_ count: Int) async -> [KubeRequest] {
        await eventually { transport.requests.count >= count }
        return transport.requests
    }

    func stop() async {
        task.cancel()
        await task.value
    }
}

@Suite(.timeLimit(.minutes(3))) struct InformerScriptedTests {
    @Test func aBookmarkAdvancesTheResourceVersionTheNextWatchStartsFrom() async {
        let scripted = ScriptedInformer(
            lists: [configMapList(resourceVersion: "10", ["a"])],
            watches: [.lines([bookmarkLine(resourceVersion: "15")], end: .finish)])
        let requests = await scripted.requests(3)
        #expect(requests.map(\.isWatch) == [false, true, true])
        #expect(requests[1].parameter("resourceVersion") == "10")
        #expect(requests[1].parameter("allowWatchBookmarks") == "true")
        #expect(requests[2].parameter("resourceVersion") == "15", "the re-watch after a clean end is immediate")
        #expect(scripted.informer.state == .watching(resourceVersion: "15", WatcherRetries(restarts: 1)))
        await scripted.stop()
    }

    @Test func aBrokenWatchBacksOffThenResumesFromTheLastEventItDelivered() async {
        let scripted = ScriptedInformer(
            lists: [configMapList(resourceVersion: "10", [])],
            watches: [.lines([watchLine("ADDED", "b", resourceVersion: "11")], end: .fail)])
        await scripted.clock.waitForSleepers(atLeast: 1)
        #expect(scripted.changes.all == [.added("demo/b")])
        #expect(scripted.transport.requests.count == 2)
        #expect(
            scripted.informer.state == .backingOff(resume: .rewatch(resourceVersion: "11"), WatcherRetries(errors: 1)))
        await scripted.clock.advance(by: .milliseconds(200))
        let requests = await scripted.requests(3)
        #expect(requests.last?.isWatch == true)
        #expect(requests.last?.parameter("resourceVersion") == "11")
        await scripted.stop()
    }

    @Test func aWatchRefusedWithHTTP410RelistsAndDiffsAgainstTheCache() async {
        let gone =
            #"{"kind":"Status","apiVersion":"v1","status":"Failure","code":410,"reason":"Expired","message":"too old"}"#
        let scripted = ScriptedInformer(
            lists: [
                configMapList(resourceVersion: "10", ["a", "b"]), configMapList(resourceVersion: "20", ["b", "c"]),
            ],
            watches: [.status(410, gone)])
        let requests = await scripted.requests(4)
        #expect(requests.map(\.isWatch) == [false, true, false, true])
        #expect(requests[3].parameter("resourceVersion") == "20")
        await eventually { scripted.changes.all.count >= 4 }
        #expect(scripted.changes.all == [.added("demo/a"), .added("demo/b"), .deleted("demo/a"), .added("demo/c")])
        await scripted.stop()
    }

    @Test func anExpiredErrorEventRelistsAtOnce() async {
        let scripted = ScriptedInformer(
            lists: [configMapList(resourceVersion: "10", ["a"]), configMapList(resourceVersion: "30", ["a"])],
            watches: [.lines([errorLine(code: 410, reason: "Expired")], end: .finish)])
        let requests = await scripted.requests(4)
        #expect(requests.map(\.isWatch) == [false, true, false, true])
        #expect(requests[3].parameter("resourceVersion") == "30")
        #expect(scripted.changes.all == [.added("demo/a")], "an unchanged object is not announced again")
        await scripted.stop()
    }

    @Test func anErrorEventOtherThan410BacksOffAndWatchesAgainFromTheSameVersion() async {
        let scripted = ScriptedInformer(
            lists: [configMapList(resourceVersion: "10", [])],
            watches: [.lines([errorLine(code: 500, reason: "InternalError")], end: .finish)])
        await scripted.clock.waitForSleepers(atLeast: 1)
        #expect(scripted.transport.requests.count == 2)
        await scripted.clock.advance(by: .milliseconds(200))
        let requests = await scripted.requests(3)
        #expect(requests.map(\.isWatch) == [false, true, true])
        #expect(requests[2].parameter("resourceVersion") == "10")
        await scripted.stop()
    }
}
