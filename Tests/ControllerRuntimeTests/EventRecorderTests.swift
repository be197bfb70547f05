import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeTesting
import Foundation
import KubeClient
import Synchronization
import Testing

extension EventRecorder {
    /// Records and waits until the background writer has sent it.
    func recordAndFlush(_ type: Event.EventType, reason: String, message: String, regarding: ObjectReference) async {
        await record(type, reason: reason, message: message, regarding: regarding)
        await flush()
    }
}

/// Holds every request until `open()`.
final class GatedTransport: KubeTransport {
    let inner: any KubeTransport
    let isOpen = Mutex(false)
    init(_ inner: any KubeTransport) { self.inner = inner }
    func open() { isOpen.withLock { $0 = true } }
    func send(_ request: KubeRequest) async throws -> KubeResponse {
        while !isOpen.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(1)) }
        return try await inner.send(request)
    }
    func stream(_ request: KubeRequest) async throws -> KubeStreamResponse { try await inner.stream(request) }
}

@Suite(.timeLimit(.minutes(3))) struct EventRecorderTests {
    static let request = ObjectReference(
        apiVersion: "drawbridge.dev/v1alpha1", kind: "AccessRequest", namespace: "demo", name: "alice-edit",
        uid: "uid-alice-edit", resourceVersion: "7")

    func recorder(_ harness: EmulatorHarness) -> EventRecorder {
        let clock = harness.clock
        return EventRecorder(
            client: harness.client("controller"), component: "drawbridge-controller", now: { clock.date },
            logger: quietLogger)
    }

    func events(_ harness: EmulatorHarness, namespace: String = "demo") async throws -> [Event] {
        try await harness.client("admin").list(Event.self, namespace: namespace).items
    }

    @Test func recordingCreatesACoreEventAboutTheObject() async throws {
        let harness = try await EmulatorHarness()
        await recorder(harness).recordAndFlush(
            .normal, reason: "Granted", message: "RoleBinding demo/alice-edit created", regarding: Self.request)
        let events = try await events(harness)
        #expect(events.count == 1)
        let event = try #require(events.first)
        #expect(event.type == .normal)
        #expect(event.reason == "Granted")
        #expect(event.message == "RoleBinding demo/alice-edit created")
        #expect(event.involvedObject == Self.request)
        #expect(event.count == 1)
        #expect(event.source?.component == "drawbridge-controller")
        #expect(event.reportingComponent == "drawbridge-controller")
        #expect(event.firstTimestamp == KubeTime(harness.clock.date))
        #expect(event.lastTimestamp == KubeTime(harness.clock.date))
        #expect(event.metadata.name?.hasPrefix("alice-edit.") == true)
    }

    @Test func aRepeatWithinTenMinutesBumpsCountAndLastTimestampOfTheSameEvent() async throws {
        let harness = try await EmulatorHarness()
        let recorder = recorder(harness)
        let start = harness.clock.date
        await recorder.recordAndFlush(
            .warning, reason: "PolicyDenied", message: "no policy matches", regarding: Self.request)
        await harness.clock.advance(by: .seconds(60))
        var later = Self.request
        later.resourceVersion = "8"  // the object changed meanwhile; still the same event
        await recorder.recordAndFlush(.warning, reason: "PolicyDenied", message: "no policy matches", regarding: later)
        await harness.clock.advance(by: .seconds(60))
        await recorder.recordAndFlush(.warning, reason: "PolicyDenied", message: "no policy matches", regarding: later)
        let events = try await events(harness)
        #expect(events.count == 1)
        let event = try #require(events.first)
        #expect(event.count == 3)
        #expect(event.firstTimestamp == KubeTime(start))
        #expect(event.lastTimestamp == KubeTime(start.addingTimeInterval(120)))
    }

    @Test func aDifferentMessageReasonOrTypeIsANewEvent() async throws {
        let harness = try await EmulatorHarness()
        let recorder = recorder(harness)
        await recorder.recordAndFlush(.normal, reason: "Approved", message: "approved by bob", regarding: Self.request)
        await recorder.recordAndFlush(
            .normal, reason: "Approved", message: "approved by carol", regarding: Self.request)
        await recorder.recordAndFlush(.normal, reason: "Granted", message: "approved by carol", regarding: Self.request)
        await recorder.recordAndFlush(
            .warning, reason: "Granted", message: "approved by carol", regarding: Self.request)
        let events = try await events(harness)
        #expect(events.count == 4, "names stay unique although the clock stood still")
        #expect(events.allSatisfy { $0.count == 1 })
    }

    @Test func aRepeatAfterTenMinutesStartsANewEvent() async throws {
        let harness = try await EmulatorHarness()
        let recorder = recorder(harness)
        await recorder.recordAndFlush(.normal, reason: "Expired", message: "access ended", regarding: Self.request)
        await harness.clock.advance(by: .seconds(601))
        await recorder.recordAndFlush(.normal, reason: "Expired", message: "access ended", regarding: Self.request)
        let events = try await events(harness)
        #expect(events.count == 2)
        #expect(events.allSatisfy { $0.count == 1 })
    }

    @Test func aRepeatOfAnEventThatWasDeletedCreatesItAgain() async throws {
        let harness = try await EmulatorHarness()
        let recorder = recorder(harness)
        await recorder.recordAndFlush(.normal, reason: "Granted", message: "ok", regarding: Self.request)
        let first = try #require(try await events(harness).first?.metadata.name)
        try await harness.client("admin").delete(Event.self, name: first, namespace: "demo")
        await recorder.recordAndFlush(.normal, reason: "Granted", message: "ok", regarding: Self.request)
        let events = try await events(harness)
        #expect(events.count == 1)
        #expect(events.first?.count == 1)
        #expect(events.first?.metadata.name != first)
    }

    @Test func aFailedWriteIsLoggedNotThrownAndTheNextRecordTriesAgain() async throws {
        let harness = try await EmulatorHarness()
        let recorder = recorder(harness)
        let elsewhere = ObjectReference(kind: "AccessRequest", namespace: "missing", name: "x", uid: "uid-x")
        await recorder.recordAndFlush(.normal, reason: "Granted", message: "ok", regarding: elsewhere)
        #expect(try await events(harness, namespace: "missing").isEmpty)
        try await harness.apply(yaml: "apiVersion: v1\nkind: Namespace\nmetadata: {name: missing}")
        await recorder.recordAndFlush(.normal, reason: "Granted", message: "ok", regarding: elsewhere)
        let events = try await events(harness, namespace: "missing")
        #expect(events.count == 1)
        #expect(events.first?.count == 1)
    }

    @Test func eventsAboutClusterScopedObjectsGoToTheDefaultNamespace() async throws {
        let harness = try await EmulatorHarness()
        let policy = ObjectReference(
            apiVersion: "drawbridge.dev/v1alpha1", kind: "AccessPolicy", name: "developers-edit", uid: "uid-p")
        await recorder(harness).recordAndFlush(
            .warning, reason: "InvalidPolicy", message: "bad duration", regarding: policy)
        let events = try await events(harness, namespace: "default")
        #expect(events.map(\.reason) == ["InvalidPolicy"])
    }

    @Test func recordingNeverWaitsForTheAPIAndABacklogBeyondItsLimitIsDroppedAndCounted() async throws {
        let harness = try await EmulatorHarness()
        let gate = GatedTransport(harness.client("controller").transport)
        let dropped = Mutex(0)
        let clock = harness.clock
        let recorder = EventRecorder(
            client: KubeClient(transport: gate), component: "drawbridge-controller", now: { clock.date },
            logger: quietLogger, backlog: 2, onDrop: { dropped.withLock { $0 += 1 } })
        for index in 0..<5 {
            // Each call returns although nothing can be written yet.
            await recorder.record(.normal, reason: "Granted", message: "grant \(index)", regarding: Self.request)
        }
        #expect(recorder.droppedCount >= 2, "at most 2 wait, plus the one being written")
        #expect(dropped.withLock { $0 } == recorder.droppedCount)
        gate.open()
        await recorder.flush()
        let written = try await events(harness)
        #expect(written.count + recorder.droppedCount == 5)
        #expect(written.map(\.message).allSatisfy { ($0 ?? "").hasPrefix("grant ") })
    }
}
