import APIServerEmulator
import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

/// A transition's Events are recorded right after its status: a conflict on what follows (the
/// finalizer's removal, say, when a notification's ledger mark bumped the resourceVersion first)
/// makes the retry plan from the new status, which no longer shows the transition, so Events left
/// for later were lost.
@Suite struct ControllerEventOrderTests {
    @Test func theExpiredEventSurvivesAConflictOnTheFinalizersRemoval() async throws {
        let h = try await ControllerHarness(policies: [.fixture(required: 0, approverGroups: nil)])
        try await h.start()
        try await h.create(AccessRequest.fixture(name: "short"))
        let active = try await h.waitFor("short", phase: .active)
        let expiresAt = try #require(active.status?.expiresAt)
        // The controller's first patch of the request itself (the finalizer's removal) meets a 409.
        let once = FirstOnly()
        h.api.faults.add(
            .init(failure: StatusError(code: 409, reason: "Conflict", message: "the object has been modified")) {
                $0.method == "PATCH" && $0.path.hasSuffix("/accessrequests/short") && once.first()
            })
        await h.advanceClock(to: expiresAt.date)
        try await h.waitFor("short", phase: .expired)
        try await h.waitFor("short", "has lost its finalizer") { $0?.metadata.finalizers?.isEmpty ?? true }
        #expect(!once.first(), "the fault fired")
        let event = try await h.eventually("the Expired Event") {
            try await h.events(about: "short").first { $0.reason == "Expired" }
        }
        #expect(event.involvedObject.kind == "AccessRequest")
        await h.stop()
    }
}
