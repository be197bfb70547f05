import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

/// The limit on unfinished requests, and the verdict an allowed create carries back as a warning.
@Suite("Admission: limits and the verdict as a warning")
struct AdmissionLimitTests {
    typealias F = AdmissionFixtures
    typealias G = AdmissionGuardrailsTests
    typealias B = AdmissionBreakGlassTests

    /// alice's new request (not break-glass), as the validating webhook sees it after stamping.
    static var newRequest: AccessRequest {
        var request = B.breaking()
        request.spec.breakGlass = nil
        request.spec.requester = B.signer.signed(
            requester: UserIdentity(username: "alice", uid: "uid-alice", groups: ["developers"]), namespace: "demo",
            name: "alice-edit", spec: request.spec)
        return request
    }

    /// Another request of alice's (or `requester`'s) named `name`, in `phase`.
    static func open(_ name: String, _ phase: AccessRequestPhase?, requester: String = "alice") -> AccessRequest {
        var request = AccessRequest.fixture(name: name)
        request.status = phase.map { AccessRequestStatus(phase: $0) }
        request.spec.requester = UserIdentity(username: requester, groups: ["developers"])
        return request
    }

    static func admission(limit: Int?, defaults: PolicyDefaults = PolicyDefaults(), requests: [AccessRequest])
        -> AccessRequestAdmission
    {
        var policy = AccessPolicy.fixture()
        policy.spec.maxActivePerRequester = limit
        return AccessRequestAdmission(
            controllerUsername: F.controller,
            policies: .fixed(policies: [policy], requests: requests, defaults: defaults), signer: B.signer)
    }

    @Test("A create beyond the limit is refused with the count and the open requests")
    func refusedWithTheCount() {
        let requests = [
            Self.open("a", .active), Self.open("b", nil), Self.open("done", .expired),
            Self.open("bobs", .pending, requester: "bob"),
        ]
        let refused = G.validateCreate(Self.newRequest, admission: Self.admission(limit: 2, requests: requests))
        #expect(
            refused.status
                == .init(
                    code: 403,
                    message:
                        "alice already has 2 unfinished AccessRequest(s) (demo/a, demo/b); AccessPolicy \"developers-edit\" allows at most 2 at once per requester: revoke one or let it end first",
                    reason: "Forbidden"))
        let allowed = G.validateCreate(Self.newRequest, admission: Self.admission(limit: 3, requests: requests))
        #expect(allowed.allowed, "\(allowed.status?.message ?? "")")
        let byDefault = G.validateCreate(
            Self.newRequest,
            admission: Self.admission(
                limit: nil, defaults: PolicyDefaults(maxActivePerRequester: 1), requests: [Self.open("a", .approved)]))
        #expect(
            byDefault.status?.message
                == "alice already has 1 unfinished AccessRequest(s) (demo/a); the cluster default (--max-active-per-requester) allows at most 1 at once per requester: revoke one or let it end first"
        )
    }

    @Test("An allowed create carries the verdict as its one warning")
    func verdictWarning() {
        let allowed = G.validateCreate(Self.newRequest, admission: Self.admission(limit: nil, requests: []))
        #expect(allowed.allowed)
        #expect(
            allowed.warnings == [
                "governed by developers-edit: ClusterRole/edit for 30m (at most 1h), needs 1 approval from group sre within 30m"
            ])
        let glass = G.validateCreate(B.breaking(), admission: B.admission())
        #expect(
            glass.warnings == [
                "governed by developers-edit: ClusterRole/edit for 30m (at most 1h), break-glass: granted at once without approval, and group sre must ratify or reject it within 24h"
            ])
        let refused = G.validateCreate(
            Self.newRequest, admission: Self.admission(limit: 1, requests: [Self.open("a", nil)]))
        #expect(refused.warnings == nil)
    }
}
