import APIServerEmulator
import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeTesting
import KubeClient
import Testing

@Suite(.timeLimit(.minutes(3))) struct InformerUndecodableTests {
    @Test func anObjectThatDoesNotDecodeIsReportedWithoutHidingTheOthers() async throws {
        let harness = try await EmulatorHarness()
        let admin = harness.client("admin")
        _ = try await admin.create(ConfigMap("good", data: ["port": "80"]))
        _ = try await admin.create(ConfigMap("bad", data: ["port": "eighty"]))
        let running = RunningInformer(PortConfig.self, harness: harness)
        var changes = running.changes.stream.makeAsyncIterator()
        await running.informer.waitForSync()
        #expect(await next(2, from: &changes) == [.undecodable("demo/bad"), .added("demo/good")])
        #expect(running.informer.cache.get("demo/good")?.port == 80)
        #expect(running.informer.cache.get("demo/bad") == nil)
        let undecodable = running.informer.cache.undecodable()
        #expect(Array(undecodable.keys) == ["demo/bad"])
        #expect(undecodable["demo/bad"]?.error.contains("data.port must be an integer") == true)

        // Through the watch: a new bad one, the bad one fixed, a good one broken, a bad one deleted.
        _ = try await admin.create(ConfigMap("worse", data: ["port": "?"]))
        #expect(await changes.next() == .undecodable("demo/worse"))
        var bad = try await admin.get(ConfigMap.self, name: "bad", namespace: "demo")
        bad.data = ["port": "81"]
        _ = try await admin.update(bad)
        #expect(await next(2, from: &changes) == [.removedUndecodable("demo/bad"), .added("demo/bad")])
        var good = try await admin.get(ConfigMap.self, name: "good", namespace: "demo")
        good.data = ["port": "none"]
        _ = try await admin.update(good)
        #expect(await changes.next() == .undecodable("demo/good"))
        #expect(running.informer.cache.get("demo/good") == nil, "a stale decoded copy is not served")
        try await admin.delete(ConfigMap.self, name: "worse", namespace: "demo")
        #expect(await changes.next() == .removedUndecodable("demo/worse"))
        _ = try await admin.create(ConfigMap("fine", data: ["port": "8080"]))
        #expect(await changes.next() == .added("demo/fine"), "the watch goes on after bad objects")
        #expect(running.informer.cache.list().map(\.key) == ["demo/bad", "demo/fine"])
        #expect(Set(running.informer.cache.undecodable().keys) == ["demo/good"])
        await running.stop()
    }

    @Test func aRelistReportsObjectsThatStoppedOrStartedDecoding() async throws {
        let harness = try await EmulatorHarness()
        let admin = harness.client("admin")
        _ = try await admin.create(ConfigMap("a", data: ["port": "1"]))
        _ = try await admin.create(ConfigMap("b", data: ["port": "b"]))
        let running = RunningInformer(PortConfig.self, harness: harness)
        var changes = running.changes.stream.makeAsyncIterator()
        await running.informer.waitForSync()
        _ = await next(2, from: &changes)
        _ = try await admin.create(ConfigMap("c", data: ["port": "3"]))
        #expect(await changes.next() == .added("demo/c"))

        harness.api.faults.add(.init(failure: .internalError("down"), matches: isConfigMapWatch))
        harness.api.store.dropWatches()
        await harness.clock.waitForSleepers(atLeast: 1)
        var a = try await admin.get(ConfigMap.self, name: "a", namespace: "demo")
        a.data = ["port": "one"]
        _ = try await admin.update(a)
        var b = try await admin.get(ConfigMap.self, name: "b", namespace: "demo")
        b.data = ["port": "2"]
        _ = try await admin.update(b)
        harness.api.store.compact()
        harness.api.faults.reset()

        let relisted = await advance(harness.clock, by: .milliseconds(100)) { running.changes.all.count >= 6 }
        #expect(relisted)
        #expect(
            Array(running.changes.all.suffix(3)) == [
                .undecodable("demo/a"), .removedUndecodable("demo/b"), .added("demo/b"),
            ])
        #expect(running.informer.cache.list().map(\.key) == ["demo/b", "demo/c"])
        await running.stop()
    }
}
