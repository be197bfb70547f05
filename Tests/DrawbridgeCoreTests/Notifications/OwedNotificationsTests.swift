import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

/// A ledger entry at `seconds` after t0 owed to `channels`, with `deliveries` settled.
private func entry(
    _ action: String, at seconds: Double = 60, to channels: [String], settled: [String: String] = [:]
) -> NotificationRecord {
    NotificationRecord(
        action: action, time: KubeTime(Fixtures.at(seconds)), message: "\(action) happened.", channels: channels,
        deliveries: settled.isEmpty
            ? nil
            : settled.mapValues { NotificationDelivery(result: $0, time: KubeTime(Fixtures.at(seconds + 1))) })
}

private func request(
    _ ledger: [String: NotificationRecord], _ changes: RequestChange...
) -> AccessRequest {
    var request = AccessRequest.fixture()
    for change in changes { change.apply(&request) }
    var status = request.status ?? AccessRequestStatus(phase: .pending)
    status.notifications = ledger
    request.status = status
    return request
}

private let day: Duration = .seconds(86_400)
private let remind = [NotificationRoute(channel: "oncall", on: ["ExpiringSoon"])]

@Suite("What is still owed, derived from the request alone")
struct OwedNotificationsTests {
    @Test("Every channel an entry is owed to and that has no delivery is owed, oldest entry first")
    func undeliveredChannelsAreOwed() {
        let result = OwedNotifications.derive(
            for: request([
                "b": entry("Granted", at: 90, to: ["hook", "slack"], settled: ["slack": "Delivered"]),
                "a": entry("Requested", at: 60, to: ["hook", "slack"], settled: ["hook": "Failed"]),
            ]), routes: [], now: Fixtures.at(100), maxAge: day)
        #expect(result.owed.map { "\($0.id)→\($0.channel)" } == ["a→slack", "b→hook"])
        #expect(Set(result.owed.map(\.request)) == [ObjectKey(namespace: "demo", name: "alice-edit")])
        #expect(result.abandoned == [])
        #expect(result.nextCheck == nil)
    }

    @Test("A delivery never made within the maximum age is abandoned, not sent late")
    func oldDeliveriesAreAbandoned() {
        let result = OwedNotifications.derive(
            for: request(["a": entry("Requested", at: 0, to: ["hook"])]), routes: [],
            now: Fixtures.at(86_401), maxAge: day)
        #expect(result.owed == [])
        #expect(result.abandoned.map(\.id) == ["a"])
        let justInTime = OwedNotifications.derive(
            for: request(["a": entry("Requested", at: 0, to: ["hook"])]), routes: [],
            now: Fixtures.at(86_400), maxAge: day)
        #expect(justInTime.owed.map(\.id) == ["a"])
    }

    @Test("Nothing is owed by a request without a ledger or whose deliveries are all settled")
    func nothingOwed() {
        #expect(
            OwedNotifications.derive(for: .fixture(), routes: remind, now: Fixtures.at(10), maxAge: day)
                == .init())
        let settled = request(["a": entry("Requested", to: ["hook"], settled: ["hook": "Delivered"])])
        #expect(OwedNotifications.derive(for: settled, routes: [], now: Fixtures.at(100), maxAge: day) == .init())
    }

    /// Granted at t0+120 for 1800 s: 10 % is 180 s, so the reminder is due at t0+1740, expiry t0+1920.
    @Test(
        "ExpiringSoon is owed from its due time until the expiry, and asks to be looked at when due",
        arguments: [
            (1000.0, nil as Double?, 1740.0 as Double?),
            (1739, nil, 1740),
            (1740, 1740, nil),
            (1919, 1740, nil),
            (1920, nil, nil),
        ])
    func expiringSoonTimeline(now: Double, owedAt: Double?, next: Double?) throws {
        let active = AccessRequest.fixture(.phase(.active))
        let result = OwedNotifications.derive(for: active, routes: remind, now: Fixtures.at(now), maxAge: day)
        #expect(result.nextCheck == next.map(Fixtures.at))
        if let owedAt {
            let owed = try #require(result.owed.first)
            #expect(result.owed.count == 1)
            #expect(owed.action == "ExpiringSoon")
            #expect(owed.channel == "oncall")
            #expect(owed.record.time == KubeTime(Fixtures.at(owedAt)))
            #expect(owed.until == Fixtures.at(1920))
            #expect(
                owed.record.message
                    == "ClusterRole/edit for User \"alice\" in namespace demo expires at 2027-01-15T08:32:00Z (in 3m).")
            let expiresAt = try #require(active.status?.expiresAt)
            #expect(owed.id == ExpiringSoon.id(requestUID: "uid-alice-edit", expiresAt: expiresAt))
        } else {
            #expect(result.owed == [])
        }
    }

    @Test("ExpiringSoon settled for a channel is not owed again; a moved expiry is a new reminder")
    func expiringSoonOnce() throws {
        var active = AccessRequest.fixture(.phase(.active))
        let expiresAt = try #require(active.status?.expiresAt)
        let id = ExpiringSoon.id(requestUID: "uid-alice-edit", expiresAt: expiresAt)
        active.status?.notifications = [
            id: entry("ExpiringSoon", at: 1740, to: ["oncall"], settled: ["oncall": "Delivered"])
        ]
        #expect(OwedNotifications.derive(for: active, routes: remind, now: Fixtures.at(1800), maxAge: day).owed == [])
        active.status?.expiresAt = KubeTime(Fixtures.at(1900))
        let moved = OwedNotifications.derive(for: active, routes: remind, now: Fixtures.at(1800), maxAge: day)
        #expect(moved.owed.map(\.id) != [id])
        #expect(moved.owed.count == 1)
    }

    @Test("Each route's own percentage, the earliest per channel; a grant that is not Active reminds nobody")
    func expiringSoonRoutes() {
        let routes = [
            NotificationRoute(channel: "slack", on: ["ExpiringSoon"], expiringSoonPercent: 50),
            NotificationRoute(channel: "slack", on: ["ExpiringSoon"], expiringSoonPercent: 20),
            NotificationRoute(channel: "hook", on: ["ExpiringSoon", "Granted"]),
            NotificationRoute(channel: "quiet", on: ["Granted"]),
        ]
        let active = AccessRequest.fixture(.phase(.active))
        let early = OwedNotifications.derive(for: active, routes: routes, now: Fixtures.at(1100), maxAge: day)
        #expect(early.owed.map(\.channel) == ["slack"])
        #expect(early.owed.first?.record.channels == ["hook", "slack"])
        #expect(early.nextCheck == Fixtures.at(1740))
        for phase in [AccessRequestPhase.approved, .expired, .revoked] {
            let other = AccessRequest.fixture(.phase(phase))
            #expect(
                OwedNotifications.derive(for: other, routes: routes, now: Fixtures.at(1800), maxAge: day) == .init())
        }
        let deleting = AccessRequest.fixture(.phase(.active), .deleted(at: 1000))
        #expect(OwedNotifications.derive(for: deleting, routes: routes, now: Fixtures.at(1800), maxAge: day) == .init())
    }
}

@Suite("When ExpiringSoon is due")
struct ExpiringSoonTests {
    @Test(
        "A share of the grant before its end, at least a minute, never before it began",
        arguments: [
            // (grant length, percent, seconds before the end)
            (3600.0, 10, 360.0),
            (3600, 25, 900),
            (600, 10, 60),
            (300, 10, 60),
            (30, 10, 30),
        ])
    func dueAt(length: Double, percent: Int, lead: Double) {
        let due = ExpiringSoon.dueAt(grantedAt: Fixtures.t0, expiresAt: Fixtures.at(length), percent: percent)
        #expect(due == Fixtures.at(length - lead))
    }

    @Test("Ids are stable per request and expiry, and differ across either")
    func ids() {
        let a = ExpiringSoon.id(requestUID: "u1", expiresAt: KubeTime(Fixtures.at(60)))
        #expect(a == ExpiringSoon.id(requestUID: "u1", expiresAt: KubeTime(Fixtures.at(60))))
        #expect(a != ExpiringSoon.id(requestUID: "u2", expiresAt: KubeTime(Fixtures.at(60))))
        #expect(a != ExpiringSoon.id(requestUID: "u1", expiresAt: KubeTime(Fixtures.at(61))))
        #expect(a.count == 32)
    }
}
