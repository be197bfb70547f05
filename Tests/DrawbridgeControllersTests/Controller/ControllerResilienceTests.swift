import APIServerEmulator
import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import KubeClient
import Synchronization
import Testing

/// Repairs, restarts, conflicts and API faults: the controller never loses or duplicates a grant.
@Suite struct ControllerResilienceTests {
    static let auto = AccessPolicy.fixture(name: "auto", maxDuration: "24h", required: 0, approverGroups: nil)

    @Test func aThousandGrantsWithSpreadExpiriesAreEachRevokedAtTheirOwnInstant() async throws {
        let h = try await ControllerHarness(policies: [Self.auto])
        try await h.start(workers: 8)
        let count = 1_000
        for index in 0..<count {
            try await h.create(AccessRequest.fixture(name: "g\(index)", duration: "\(60 + index * 7)s"))
        }
        let admin = h.emulator.client("admin")
        // Probe the audit trail (in memory), not the API: listing 1,000 objects in a tight loop
        // would measure the test rather than the controller.
        try await h.eventually("all \(count) grants are Active", timeout: .seconds(120)) {
            // Delivery is at least once, so count requests granted rather than records.
            Set(h.audit.records.filter { $0.action == .granted }.map(\.request.name)).count == count ? true : nil
        }
        #expect(try await admin.list(RoleBinding.self, namespace: "demo").items.count == count)
        let expiries = Set(
            try await admin.list(AccessRequest.self, namespace: "demo").items.compactMap { $0.status?.expiresAt })
        // Step through every distinct expiry; at each, exactly the grants due are gone.
        for expiry in expiries.sorted() {
            let step = h.clock.epoch.distance(to: expiry.date)
            await h.clock.advance(to: .init(offset: .milliseconds(Int64((step * 1000).rounded()))))
            try await h.eventually("grants due at \(expiry) are revoked", timeout: .seconds(30)) {
                h.audit.records.filter { $0.action == .expired && $0.expiresAt == expiry }.isEmpty ? nil : true
            }
        }
        try await h.eventually("no binding is left", timeout: .seconds(60)) {
            try await admin.list(RoleBinding.self, namespace: "demo").items.isEmpty ? true : nil
        }
        // Audit delivery is at least once: a repeat carries the same id and consumers drop it. Each
        // grant expired once, and its first record is at its own expiresAt.
        var first: [String: AuditRecord] = [:]
        for record in h.audit.records where record.action == .expired && first[record.id] == nil {
            first[record.id] = record
        }
        #expect(first.count == count)
        #expect(Set(first.values.map(\.request.name)).count == count)
        #expect(first.values.allSatisfy { $0.time == $0.expiresAt }, "every revocation happened at its expiresAt")
        await h.stop()
    }

    /// Forwards to the harness's sink unless told to fail, as a full disk or a closed stdout would.
    final class FlakyAuditSink: AuditSink {
        let target: MemoryAuditSink
        let failing = Mutex(false)
        init(_ target: MemoryAuditSink) { self.target = target }
        func write(_ record: AuditRecord) async throws {
            if failing.withLock({ $0 }) { throw CocoaError(.fileWriteOutOfSpace) }
            try await target.write(record)
        }
    }

    @Test func aFailingAuditSinkDelaysTheRecordAndTheStatusButNeverTheRevocation() async throws {
        let h = try await ControllerHarness(policies: [Self.auto])
        let sink = FlakyAuditSink(h.audit)
        try await h.start(audit: sink)
        try await h.create(AccessRequest.fixture(name: "audited", duration: "10m"))
        try await h.waitFor("audited", phase: .active)
        sink.failing.withLock { $0 = true }
        await h.clock.advance(by: .seconds(600))
        try await h.eventually("the binding is gone although the sink fails") {
            try await h.binding(of: "audited") == nil ? true : nil
        }
        // The status waits for its record: no Expired phase without an Expired audit record.
        #expect(try await h.request("audited").status?.phase == .active)
        #expect(!h.audit.records.contains { $0.action == .expired })
        sink.failing.withLock { $0 = false }
        try await h.eventually("the record and the status follow once the sink works") {
            // Retries back off on the manual clock: keep time moving.
            await h.clock.advance(by: .seconds(1))
            return try await h.request("audited").status?.phase == .expired ? true : nil
        }
        #expect(h.audit.records.contains { $0.action == .expired && $0.request.name == "audited" })
        await h.stop()
    }

    @Test func grantsThatExpireWhileTheControllerIsDownAreRevokedFirstThingOnStart() async throws {
        let h = try await ControllerHarness(policies: [Self.auto])
        try await h.start()
        try await h.create(AccessRequest.fixture(name: "short", duration: "5m"))
        try await h.create(AccessRequest.fixture(name: "medium", duration: "10m"))
        try await h.create(AccessRequest.fixture(name: "long", duration: "2h"))
        for name in ["short", "medium", "long"] { try await h.waitFor(name, phase: .active) }
        await h.stop()

        await h.clock.advance(by: .seconds(15 * 60))
        #expect(try await h.binding(of: "short") != nil, "nobody revoked while the controller was down")
        try await h.start()
        try await h.waitFor("short", phase: .expired)
        try await h.waitFor("medium", phase: .expired)
        #expect(try await h.binding(of: "short") == nil)
        #expect(try await h.binding(of: "medium") == nil)
        #expect(try await h.request("long").status?.phase == .active)
        #expect(try await h.binding(of: "long") != nil)
        await h.stop()
    }

    @Test func aDeletedBindingIsRestoredAnEditedOneRevertedAndAnOrphanRemoved() async throws {
        let h = try await ControllerHarness(policies: [Self.auto])
        try await h.start()
        try await h.create(AccessRequest.fixture(name: "kept"))
        try await h.waitFor("kept", phase: .active)
        let admin = h.emulator.client("admin")
        let original = try #require(try await h.binding(of: "kept"))

        try await admin.delete(RoleBinding.self, name: "drawbridge-kept", namespace: "demo")
        let restored = try await h.eventually("the deleted binding is restored") { try await h.binding(of: "kept") }
        #expect(restored.subjects == original.subjects)
        #expect(
            restored.metadata.annotations?[Drawbridge.Keys.expiresAt]
                == original.metadata.annotations?[Drawbridge.Keys.expiresAt])

        var edited = restored
        edited.subjects = [Subject(kind: .user, name: "mallory")]
        _ = try await admin.update(edited)
        try await h.eventually("the edited binding is reverted") {
            try await h.binding(of: "kept")?.subjects == original.subjects ? true : nil
        }
        let tamper = h.audit.records.filter { $0.action == .tamperReverted }.map(\.message)
        #expect(tamper.count == 2, "\(tamper)")
        #expect(try await h.events(about: "kept").contains { $0.reason == "TamperReverted" && $0.type == .warning })

        _ = try await admin.create(
            RoleBinding(
                metadata: ObjectMeta(
                    name: "drawbridge-ghost", namespace: "demo",
                    labels: [
                        Drawbridge.Keys.managedBy: Drawbridge.Keys.managedByValue, Drawbridge.Keys.request: "ghost",
                    ]),
                subjects: [Subject(kind: .user, name: "mallory")], roleRef: RoleRef(kind: "ClusterRole", name: "edit")))
        try await h.eventually("the orphan is deleted") {
            try await admin.getIfPresent(RoleBinding.self, name: "drawbridge-ghost", namespace: "demo") == nil
                ? true : nil
        }
        #expect(h.audit.records.contains { $0.action == .orphanRemoved && $0.roleBinding == "drawbridge-ghost" })
        #expect(try await h.request("kept").status?.phase == .active)
        await h.stop()
    }

    @Test func twoOverlappingGrantsForOnePersonAreIndependent() async throws {
        let h = try await ControllerHarness(policies: [Self.auto])
        try await h.start()
        try await h.create(AccessRequest.fixture(name: "first", duration: "10m"))
        try await h.create(AccessRequest.fixture(name: "second", duration: "20m"))
        try await h.waitFor("first", phase: .active)
        try await h.waitFor("second", phase: .active)
        await h.clock.advance(by: .seconds(10 * 60))
        try await h.waitFor("first", phase: .expired)
        #expect(try await h.binding(of: "first") == nil)
        #expect(try await h.binding(of: "second") != nil)
        #expect(try await h.request("second").status?.phase == .active)
        await h.stop()
    }

    @Test func conflictsOnStatusWritesAreRetriedAndNothingIsRecordedTwice() async throws {
        let h = try await ControllerHarness()
        try await h.start()
        h.api.faults.add(
            .init(every: 2, failure: StatusError(code: 409, reason: "Conflict", message: "injected conflict")) {
                request in
                request.method == "PUT" && request.path.hasSuffix("/status")
            })
        try await h.create(AccessRequest.fixture(name: "busy"))
        try await h.waitFor("busy", phase: .pending)
        try await h.review("busy", as: "bob")
        try await h.waitFor("busy", phase: .active)
        #expect(h.api.faults.injectedCount > 0)
        let actions = h.audit.records.filter { $0.request.name == "busy" }
        #expect(Set(actions.map(\.id)).count == Set(actions.map(\.action)).count, "\(actions.map(\.action))")
        await h.stop()
    }

    @Test func serverErrorsThrottlingDroppedWatchesAndGoneWatchesLoseAndDuplicateNothing() async throws {
        let h = try await ControllerHarness(policies: [Self.auto])
        try await h.start(workers: 4)
        h.api.faults.add(.writes(containing: "rolebindings", every: 3, failure: FaultInjector.serverError))
        h.api.faults.add(.writes(containing: "/status", every: 4, failure: FaultInjector.tooManyRequests))
        let count = 40
        for index in 0..<count {
            try await h.create(AccessRequest.fixture(name: "f\(index)", duration: "\(5 + index % 5)m"))
            if index % 10 == 9 {
                h.api.store.compact()
                h.api.store.dropWatches()
            }
        }
        let admin = h.emulator.client("admin")
        try await h.eventually("all grants are Active despite the faults", timeout: .seconds(60)) {
            // Backoffs sleep on the manual clock: keep time moving a little so retries happen.
            await h.clock.advance(by: .milliseconds(200))
            let active = try await admin.list(AccessRequest.self, namespace: "demo").items.filter {
                $0.status?.phase == .active
            }
            return active.count == count ? true : nil
        }
        #expect(try await admin.list(RoleBinding.self, namespace: "demo").items.count == count)
        h.api.store.compact()
        h.api.store.dropWatches()
        await h.clock.advance(by: .seconds(10 * 60))
        try await h.eventually("every grant has expired", timeout: .seconds(60)) {
            await h.clock.advance(by: .milliseconds(200))
            let requests = try await admin.list(AccessRequest.self, namespace: "demo").items
            return requests.allSatisfy { $0.status?.phase == .expired } ? true : nil
        }
        #expect(try await admin.list(RoleBinding.self, namespace: "demo").items.isEmpty)
        let granted = h.audit.records.filter { $0.action == .granted }
        #expect(Set(granted.map(\.request.name)).count == count, "every request was granted")
        #expect(Set(granted.map(\.id)).count == count, "no grant was recorded twice under different ids")
        #expect(h.api.faults.injectedCount > 0)
        await h.stop()
    }

    /// What a stretch of failing calls looks like: a broken or unreachable server, credentials that
    /// expired (until the token is rotated), and API priority and fairness throttling.
    static let outages: [(String, StatusError)] = [
        ("500", FaultInjector.serverError),
        ("401", StatusError(code: 401, reason: "Unauthorized", message: "Unauthorized")),
        ("429", FaultInjector.tooManyRequests),
    ]

    @Test(arguments: outages)
    func aStretchOfFailingCallsWhileGrantsExpireLosesNoRevocationAndRepeatsNone(kind: String, failure: StatusError)
        async throws
    {
        let h = try await ControllerHarness(policies: [Self.auto])
        try await h.start()
        for (index, duration) in ["60s", "90s", "120s"].enumerated() {
            try await h.create(AccessRequest.fixture(name: "o\(index)", duration: duration))
        }
        for index in 0..<3 { try await h.waitFor("o\(index)", phase: .active) }
        // Every call fails for three minutes of test time, while all three grants expire; the
        // watches are dropped too, so the controller must relist when the API comes back.
        h.api.faults.add(.init(failure: failure) { _ in true })
        h.api.store.dropWatches()
        for _ in 0..<36 {
            await h.clock.advance(by: .seconds(5))
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(h.api.faults.injectedCount > 0)
        h.api.faults.reset()
        let admin = h.emulator.client("admin")
        try await h.eventually("every grant has expired after the \(kind)s stop", timeout: .seconds(60)) {
            // Backoffs sleep on the manual clock: keep time moving so retries happen.
            await h.clock.advance(by: .seconds(1))
            let requests = try await admin.list(AccessRequest.self, namespace: "demo").items
            return requests.allSatisfy { $0.status?.phase == .expired } ? true : nil
        }
        #expect(try await admin.list(RoleBinding.self, namespace: "demo").items.isEmpty)
        let expired = h.audit.records.filter { $0.action == .expired }
        #expect(Set(expired.map(\.id)).count == 3, "each grant expired once (repeats carry the same id)")
        #expect(Set(expired.map(\.request.name)) == ["o0", "o1", "o2"])
        await h.stop()
    }

    @Test func aLoweredMaxDurationShortensALiveGrantAndDeletingThePolicyRevokesIt() async throws {
        let h = try await ControllerHarness(policies: [Self.auto])
        try await h.start()
        try await h.create(AccessRequest.fixture(name: "live", duration: "2h"))
        let active = try await h.waitFor("live", phase: .active)
        let grantedAt = try #require(active.status?.grantedAt)
        let admin = h.emulator.client("admin")

        var policy = try await admin.get(AccessPolicy.self, name: "auto")
        policy.spec.maxDuration = "30m"
        _ = try await admin.update(policy)
        let shortened = try await h.eventually("the grant is shortened to the new maximum") {
            let request = try await h.request("live")
            return request.status?.expiresAt?.date == grantedAt.date.addingTimeInterval(1800) ? request : nil
        }
        #expect(shortened.status?.phase == .active)
        try await h.eventually("the binding carries the shorter expiry") {
            try await h.binding(of: "live")?.metadata.annotations?[Drawbridge.Keys.expiresAt]
                == shortened.status?.expiresAt?.description ? true : nil
        }
        #expect(h.audit.records.contains { $0.action == .grantShortened })

        try await admin.delete(AccessPolicy.self, name: "auto")
        let revoked = try await h.waitFor("live", phase: .revoked)
        #expect(revoked.status?.conditions?.first { $0.type == "Granted" }?.reason == "PolicyWithdrawn")
        #expect(try await h.binding(of: "live") == nil, "no access outlives the policy that allowed it")
        await h.stop()
    }
}
