import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import KubeClient
import Testing

/// Break-glass against the emulator, on the manual clock, through the real webhook: granted at
/// once and loudly, then ratified, rejected, or flagged when nobody reviews it in time.
@Suite struct ControllerBreakGlassTests {
    static func condition(_ request: AccessRequest?, _ type: AccessRequestConditionType) -> Condition? {
        request?.status?.conditions?[type: type]
    }

    @Test func breakingGlassGrantsAtOnceLoudlyAndARatifyKeepsIt() async throws {
        let h = try await ControllerHarness(policies: [AccessPolicy.fixture().breakingGlass()])
        try await h.start()
        try await h.create(AccessRequest.fixture(name: "glass", .breakGlass()))
        let active = try await h.waitFor("glass", phase: .active)
        #expect(try await h.canI("alice", "update", "deployments", group: "apps"))
        #expect(Self.condition(active, .approved)?.reason == "BreakGlass")
        #expect(Self.condition(active, .reviewPending)?.status == .true)
        #expect(
            try await h.binding(of: "glass")?.metadata.annotations?[Drawbridge.Keys.approvedBy]
                == "AccessPolicy/developers-edit (break-glass)")
        try await h.settled()
        let granted = try #require(try await h.events(about: "glass").first { $0.reason == "BreakGlassGranted" })
        #expect(granted.type == .warning)

        // A second break-glass by alice within the cooldown is refused at once.
        do {
            try await h.create(AccessRequest.fixture(name: "again", .breakGlass()))
            Issue.record("a second break-glass within the cooldown was admitted")
        } catch let error as APIError {
            #expect(error.message.contains("alice broke glass at "), "\(error)")
            #expect(error.message.contains("allows it once every 24h per person"), "\(error)")
        }

        await h.clock.advance(by: .seconds(60))
        try await h.review("glass", as: "bob", decision: .ratify, comment: "right call")
        let ratified = try #require(
            try await h.waitFor("glass", "is ratified") { Self.condition($0, .reviewPending)?.status == .false })
        #expect(Self.condition(ratified, .reviewPending)?.reason == "Ratified")
        #expect(ratified.status?.phase == .active)
        #expect(try await h.canI("alice", "update", "deployments", group: "apps"))
        #expect(
            h.audit.records.filter { $0.request.name == "glass" }.map(\.action) == [
                .requested, .breakGlassGranted, .granted, .breakGlassRatified,
            ])
        await h.stop()
    }

    @Test func aRejectRevokesTheGrantAtOnce() async throws {
        let h = try await ControllerHarness(policies: [AccessPolicy.fixture().breakingGlass()])
        try await h.start()
        try await h.create(AccessRequest.fixture(name: "glass", .breakGlass()))
        try await h.waitFor("glass", phase: .active)
        await h.clock.advance(by: .seconds(120))
        // The requester may not review it; an approver may.
        do {
            try await h.review("glass", as: "alice", decision: .ratify)
            Issue.record("the requester ratified their own break-glass")
        } catch let error as APIError {
            #expect(error.message.hasSuffix("alice cannot ratify their own break-glass access; an approver must"))
        }
        try await h.review("glass", as: "carol", decision: .reject, comment: "no incident")
        let revoked = try await h.waitFor("glass", phase: .revoked)
        #expect(revoked.status?.message == "Break-glass access rejected by carol: no incident.")
        #expect(Self.condition(revoked, .reviewPending)?.reason == "Rejected")
        #expect(try await h.binding(of: "glass") == nil)
        #expect(!(try await h.canI("alice", "update", "deployments", group: "apps")))
        #expect(
            h.audit.records.filter { $0.request.name == "glass" }.map(\.action) == [
                .requested, .breakGlassGranted, .granted, .breakGlassRejected,
            ])
        await h.stop()
    }

    @Test func aReviewNobodyMakesInTimeIsFlaggedAndCountedUntilItIsMade() async throws {
        let metrics = DrawbridgeMetrics()
        let h = try await ControllerHarness(policies: [
            AccessPolicy.fixture().breakingGlass(maxDuration: "5m", reviewWithin: "10m")
        ])
        try await h.start(metrics: metrics)
        func unreviewed() -> Double? {
            PrometheusText(String(decoding: metrics.exposition(), as: UTF8.self))
                .value(DrawbridgeMetrics.Name.breakGlassUnreviewed)
        }
        try await h.create(AccessRequest.fixture(name: "glass", duration: nil, .breakGlass()))
        let active = try await h.waitFor("glass", phase: .active)
        let grantedAt = try #require(active.status?.grantedAt)
        #expect(unreviewed() == 0)
        // It expires after 5m, still unreviewed: nothing overdue yet.
        await h.advanceClock(to: grantedAt.date.addingTimeInterval(300))
        try await h.waitFor("glass", phase: .expired)
        await h.advanceClock(to: grantedAt.date.addingTimeInterval(599))
        try await h.settled()
        #expect(Self.condition(try await h.request("glass"), .reviewOverdue) == nil)
        // At 10m the review is overdue: a condition, a Warning, an audit record, the gauge.
        await h.clock.advance(by: .seconds(1))
        let overdue = try #require(
            try await h.waitFor("glass", "is overdue") { Self.condition($0, .reviewOverdue)?.status == .true })
        #expect(overdue.status?.phase == .expired)
        #expect(
            Self.condition(overdue, .reviewOverdue)?.message
                == "Nobody ratified or rejected this break-glass access by \(KubeTime(grantedAt.date.addingTimeInterval(600)))."
        )
        try await h.eventually("the gauge counts it") { unreviewed() == 1 ? true : nil }
        try await h.settled()
        let warning = try #require(try await h.events(about: "glass").first { $0.reason == "BreakGlassReviewOverdue" })
        #expect(warning.type == .warning)
        // A late review settles it.
        try await h.review("glass", as: "bob", decision: .ratify)
        try await h.waitFor("glass", "is reviewed") { Self.condition($0, .reviewOverdue)?.status == .false }
        // The gauge reads the controller's own cache, whose watch may trail the test's by a moment.
        try await h.eventually("the gauge drops to 0") { unreviewed() == 0 ? true : nil }
        #expect(
            h.audit.records.filter { $0.request.name == "glass" }.map(\.action) == [
                .requested, .breakGlassGranted, .granted, .expired, .breakGlassReviewOverdue, .breakGlassRatified,
            ])
        await h.stop()
    }
}
