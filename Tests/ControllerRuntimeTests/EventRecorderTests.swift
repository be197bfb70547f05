import ControllerRuntime
import DrawbridgeAPI
import DrawbridgeTesting
import Foundation
import KubeClient
import Testing

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
        await recorder(harness).record(
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
        await recorder.record(.warning, reason: "PolicyDenied", message: "no policy matches", regarding: Self.request)
        await harness.clock.advance(by: .seconds(60))
        var later = Self.request
        later.resourceVersion = "8"  // the object changed meanwhile; still the same event
        await recorder.record(.warning, reason: "PolicyDenied", message: "no policy matches", regarding: later)
        await harness.clock.advance(by: .seconds(60))
        await recorder.record(.warning, reason: "PolicyDenied", message: "no policy matches", regarding: later)
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
        await recorder.record(.normal, reason: "Approved", message: "approved by bob", regarding: Self.request)
        await recorder.record(.normal, reason: "Approved", message: "approved by carol", regarding: Self.request)
        await recorder.record(.normal, reason: "Granted", message: "approved by carol", regarding: Self.request)
        await recorder.record(.warning, reason: "Granted", message: "approved by carol", regarding: Self.request)
        let events = try await events(harness)
        #expect(events.count == 4, "names stay unique although the clock stood still")
        #expect(events.allSatisfy { $0.count == 1 })
    }

    @Test func aRepeatAfterTenMinutesStartsANewEvent() async throws {
        let harness = try await EmulatorHarness()
        let recorder = recorder(harness)
        await recorder.record(.normal, reason: "Expired", message: "access ended", regarding: Self.request)
        await harness.clock.advance(by: .seconds(601))
        await recorder.record(.normal, reason: "Expired", message: "access ended", regarding: Self.request)
        let events = try await events(harness)
        #expect(events.count == 2)
        #expect(events.allSatisfy { $0.count == 1 })
    }

    @Test func aRepeatOfAnEventThatWasDeletedCreatesItAgain() async throws {
        let harness = try await EmulatorHarness()
        let recorder = recorder(harness)
        await recorder.record(.normal, reason: "Granted", message: "ok", regarding: Self.request)
        let first = try #require(try await events(harness).first?.metadata.name)
        try await harness.client("admin").delete(Event.self, name: first, namespace: "demo")
        await recorder.record(.normal, reason: "Granted", message: "ok", regarding: Self.request)
        let events = try await events(harness)
        #expect(events.count == 1)
        #expect(events.first?.count == 1)
        #expect(events.first?.metadata.name != first)
    }

    @Test func aFailedWriteIsLoggedNotThrownAndTheNextRecordTriesAgain() async throws {
        let harness = try await EmulatorHarness()
        let recorder = recorder(harness)
        let elsewhere = ObjectReference(kind: "AccessRequest", namespace: "missing", name: "x", uid: "uid-x")
        await recorder.record(.normal, reason: "Granted", message: "ok", regarding: elsewhere)
        #expect(try await events(harness, namespace: "missing").isEmpty)
        try await harness.apply(yaml: "apiVersion: v1\nkind: Namespace\nmetadata: {name: missing}")
        await recorder.record(.normal, reason: "Granted", message: "ok", regarding: elsewhere)
        let events = try await events(harness, namespace: "missing")
        #expect(events.count == 1)
        #expect(events.first?.count == 1)
    }

    @Test func eventsAboutClusterScopedObjectsGoToTheDefaultNamespace() async throws {
        let harness = try await EmulatorHarness()
        let policy = ObjectReference(
            apiVersion: "drawbridge.dev/v1alpha1", kind: "AccessPolicy", name: "developers-edit", uid: "uid-p")
        await recorder(harness).record(.warning, reason: "InvalidPolicy", message: "bad duration", regarding: policy)
        let events = try await events(harness, namespace: "default")
        #expect(events.map(\.reason) == ["InvalidPolicy"])
    }
}
