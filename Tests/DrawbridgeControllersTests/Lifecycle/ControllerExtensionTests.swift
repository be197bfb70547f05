import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import KubeClient
import Testing

/// Extending live grants against the emulator, on the manual clock, through the real webhook.
@Suite struct ControllerExtensionTests {
    /// alice's grant of edit in demo, Active for 30m from t0+60s (bob approved).
    func activeGrant(_ h: ControllerHarness, name: String) async throws -> AccessRequest {
        try await h.create(AccessRequest.fixture(name: name, duration: "30m"))
        try await h.waitFor(name, phase: .pending)
        await h.clock.advance(by: .seconds(60))
        try await h.review(name, as: "bob")
        return try await h.waitFor(name, phase: .active)
    }

    @Test func anApprovedExtensionKeepsAccessEverySecondAcrossTheOldExpiry() async throws {
        let h = try await ControllerHarness(policies: [AccessPolicy.fixture().extending()])
        try await h.start()
        let active = try await activeGrant(h, name: "long")
        let oldExpiry = try #require(active.status?.expiresAt)
        #expect(try await h.canI("alice", "update", "deployments", group: "apps"))

        // Five seconds before the end alice asks for 30m more; bob approves two seconds before it.
        await h.clock.advance(by: .seconds(1800 - 5))
        try await h.extend("long", as: "alice", by: "30m", comment: "still rolling back")
        try await h.waitFor("long", "has an extension waiting") { $0?.status?.extensions?.first?.state == .pending }
        await h.clock.advance(by: .seconds(3))
        try await h.review("long", as: "bob", comment: "ok")
        let extended = try #require(
            try await h.waitFor("long", "is extended") { $0?.status?.extensions?.first?.state == .extended })
        let newExpiry = KubeTime(oldExpiry.date.addingTimeInterval(1800))
        #expect(extended.status?.expiresAt == newExpiry)
        #expect(extended.status?.phase == .active)
        let binding = try #require(try await h.binding(of: "long"))
        #expect(binding.metadata.annotations?[Drawbridge.Keys.expiresAt] == newExpiry.description)
        #expect(binding.metadata.labels?[Drawbridge.Keys.expiryLabel] == GrantBinding.expiryLabel(newExpiry))

        // Every second from two before the old expiry to three after it, alice still has access.
        for _ in 0..<6 {
            try await h.settled()
            #expect(try await h.canI("alice", "update", "deployments", group: "apps"), "at \(h.clock.date)")
            #expect(try await h.request("long").status?.phase == .active)
            await h.clock.advance(by: .seconds(1))
        }
        // The grant now ends at the new expiry, exactly.
        await h.advanceClock(to: newExpiry.date.addingTimeInterval(-1))
        try await h.settled()
        #expect(try await h.canI("alice", "update", "deployments", group: "apps"))
        await h.clock.advance(by: .seconds(1))
        try await h.waitFor("long", phase: .expired)
        #expect(!(try await h.canI("alice", "update", "deployments", group: "apps")))

        let records = h.audit.records.filter { $0.request.name == "long" }
        #expect(
            records.map(\.action) == [.requested, .approved, .granted, .extensionRequested, .extended, .expired])
        #expect(records.first { $0.action == .expired }?.time == newExpiry)
        #expect(
            records.first { $0.action == .extended }?.message
                == "Grant extended by 30m (asked by alice, approved by bob): now expires at \(newExpiry).")
        try await h.settled()
        let reasons = try await h.events(about: "long").map { $0.reason ?? "" }
        #expect(reasons == ["Requested", "Approved", "Granted", "ExtensionRequested", "Extended", "Expired"])
        await h.stop()
    }

    @Test func aRefusedExtensionLeavesTheGrantAsItWasAndItExpiresOnTime() async throws {
        let h = try await ControllerHarness(policies: [AccessPolicy.fixture().extending(maxTotal: "1h")])
        try await h.start()
        let active = try await activeGrant(h, name: "short")
        let expiry = try #require(active.status?.expiresAt)

        // Beyond maxTotal: refused at once by the webhook.
        do {
            try await h.extend("short", as: "alice", by: "45m")
            Issue.record("an extension beyond maxTotal was admitted")
        } catch let error as APIError {
            #expect(
                error.message.hasSuffix(
                    "extending AccessRequest demo/short by 45m would make the grant last 1h15m, beyond the 1h AccessPolicy \"developers-edit\" allows in total (at most 30m more)"
                ), "\(error)")
        }
        // Within it, asked; then carol denies it.
        await h.clock.advance(by: .seconds(600))
        try await h.extend("short", as: "alice", by: "15m")
        try await h.waitFor("short", "has an extension waiting") { $0?.status?.extensions?.first?.state == .pending }
        try await h.review("short", as: "carol", decision: .deny, comment: "wrap it up")
        let denied = try #require(
            try await h.waitFor("short", "has its extension denied") { $0?.status?.extensions?.first?.state == .denied }
        )
        #expect(
            denied.status?.extensions?.first?.message == "Extension by 15m asked by alice denied by carol: wrap it up.")
        #expect(denied.status?.expiresAt == expiry)
        #expect(
            try await h.binding(of: "short")?.metadata.annotations?[Drawbridge.Keys.expiresAt] == expiry.description)

        // A second ask times out unanswered; the grant still ends at its first expiry.
        try await h.extend("short", as: "alice", by: "15m")
        try await h.waitFor("short", "has a second extension waiting") { $0?.status?.extensions?.count == 2 }
        await h.advanceClock(to: expiry.date.addingTimeInterval(-1))
        try await h.settled()
        #expect(try await h.canI("alice", "update", "deployments", group: "apps"))
        await h.clock.advance(by: .seconds(1))
        let expired = try await h.waitFor("short", phase: .expired)
        #expect(expired.status?.expiresAt == expiry)
        #expect(expired.status?.extensions?.last?.state == .denied)
        #expect(
            expired.status?.extensions?.last?.message
                == "Extension by 15m asked by alice lapsed: the grant expired at \(expiry) before it was approved.")
        #expect(!(try await h.canI("alice", "update", "deployments", group: "apps")))
        let actions = h.audit.records.filter { $0.request.name == "short" }.map(\.action)
        #expect(
            actions == [
                .requested, .approved, .granted, .extensionRequested, .extensionDenied, .extensionRequested,
                .extensionDenied, .expired,
            ])
        await h.stop()
    }
}
