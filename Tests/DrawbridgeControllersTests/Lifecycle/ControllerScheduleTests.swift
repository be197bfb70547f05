import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import KubeClient
import Testing

/// Scheduled starts against the emulator, on the manual clock, through the real webhook: approved
/// early, bound at `startAt` to the second, and judged again at that moment.
@Suite struct ControllerScheduleTests {
    static var policy: AccessPolicy {
        var policy = AccessPolicy.fixture()
        policy.spec.maxLeadTime = "2h"
        return policy
    }

    /// alice's 30m request starting 10 minutes from now, approved by bob: Scheduled.
    func scheduled(_ h: ControllerHarness, name: String) async throws -> KubeTime {
        let startAt = KubeTime(h.clock.date.addingTimeInterval(600))
        try await h.create(AccessRequest.fixture(name: name, duration: "30m", .custom { $0.spec.startAt = startAt }))
        try await h.waitFor(name, phase: .pending)
        try await h.review(name, as: "bob")
        let waiting = try await h.waitFor(name, phase: .scheduled)
        #expect(waiting.status?.grantedAt == nil)
        #expect(try await h.binding(of: name) == nil)
        return startAt
    }

    @Test func theBindingIsMadeAtStartAtToTheSecond() async throws {
        let h = try await ControllerHarness(policies: [Self.policy])
        try await h.start()
        let startAt = try await scheduled(h, name: "later")
        await h.advanceClock(to: startAt.date.addingTimeInterval(-1))
        try await h.settled()
        #expect(try await h.request("later").status?.phase == .scheduled)
        #expect(!(try await h.canI("alice", "update", "deployments", group: "apps")))
        await h.clock.advance(by: .seconds(1))
        let active = try await h.waitFor("later", phase: .active)
        #expect(try await h.canI("alice", "update", "deployments", group: "apps"))
        #expect(active.status?.grantedAt == startAt)
        let expiresAt = KubeTime(startAt.date.addingTimeInterval(1800))
        #expect(active.status?.expiresAt == expiresAt)
        #expect(
            try await h.binding(of: "later")?.metadata.annotations?[Drawbridge.Keys.expiresAt] == expiresAt.description)
        await h.advanceClock(to: expiresAt.date)
        try await h.waitFor("later", phase: .expired)
        #expect(
            h.audit.records.filter { $0.request.name == "later" }.map(\.action) == [
                .requested, .approved, .granted, .expired,
            ])
        await h.stop()
    }

    @Test func aRequesterWhoLostEligibilityBeforeTheStartGetsNothing() async throws {
        let h = try await ControllerHarness(policies: [Self.policy])
        try await h.start()
        let startAt = try await scheduled(h, name: "later")
        // Before the start, developers lose the policy.
        let admin = h.emulator.client("admin")
        var policy = try await admin.get(AccessPolicy.self, name: "developers-edit")
        policy.spec.requesters = RequesterSelector(groups: ["sre"])
        _ = try await admin.update(policy)
        await h.advanceClock(to: startAt.date)
        let revoked = try await h.waitFor("later", phase: .revoked)
        #expect(revoked.status?.grantedAt == nil)
        #expect(try await h.binding(of: "later") == nil)
        #expect(!(try await h.canI("alice", "update", "deployments", group: "apps")))
        await h.stop()
    }

    @Test func aStartBeyondMaxLeadTimeIsRefusedAtCreate() async throws {
        let h = try await ControllerHarness(policies: [Self.policy])
        try await h.start()
        let far = KubeTime(h.clock.date.addingTimeInterval(3 * 3600))
        do {
            try await h.create(AccessRequest.fixture(name: "far", .custom { $0.spec.startAt = far }))
            Issue.record("a start beyond maxLeadTime was admitted")
        } catch let error as APIError {
            #expect(
                error.message.hasSuffix(
                    "spec.startAt is 3h ahead, beyond the maxLeadTime 2h allowed by AccessPolicy \"developers-edit\""),
                "\(error)")
        }
        await h.stop()
    }
}
