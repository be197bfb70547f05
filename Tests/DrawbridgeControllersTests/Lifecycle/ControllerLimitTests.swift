import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import KubeClient
import Testing

/// `maxActivePerRequester` against the emulator through the real webhook: a request beyond the
/// limit is refused at create, and once one ends there is room again.
@Suite struct ControllerLimitTests {
    @Test func aRequestBeyondTheLimitIsRefusedUntilOneEnds() async throws {
        var policy = AccessPolicy.fixture()
        policy.spec.maxActivePerRequester = 1
        let h = try await ControllerHarness(policies: [policy])
        try await h.start()
        try await h.create(AccessRequest.fixture(name: "first"))
        try await h.waitFor("first", phase: .pending)
        do {
            try await h.create(AccessRequest.fixture(name: "second"))
            Issue.record("a second request beyond the limit was admitted")
        } catch let error as APIError {
            #expect(
                error.message.hasSuffix(
                    "alice already has 1 unfinished AccessRequest(s) (demo/first); AccessPolicy \"developers-edit\" allows at most 1 at once per requester: revoke one or let it end first"
                ), "\(error)")
        }
        try await h.review("first", as: "alice", decision: .revoke)
        try await h.waitFor("first", phase: .revoked)
        try await h.create(AccessRequest.fixture(name: "third"))
        try await h.waitFor("third", phase: .pending)
        await h.stop()
    }
}
