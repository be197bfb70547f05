import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

/// `spec.startAt` at admission: within the policy's `maxLeadTime`, not in the past, never with
/// break-glass; each refusal with its exact reason.
@Suite("Admission: scheduled start")
struct AdmissionScheduleTests {
    typealias F = AdmissionFixtures
    typealias G = AdmissionGuardrailsTests
    typealias B = AdmissionBreakGlassTests

    /// alice's request starting `seconds` after the webhook's now, signed as the webhook stamps it.
    static func starting(in seconds: Double, breakGlass: Bool? = nil) -> AccessRequest {
        var request = B.breaking()
        request.spec.breakGlass = breakGlass
        request.spec.startAt = KubeTime(F.now.addingTimeInterval(seconds))
        request.spec.requester = B.signer.signed(
            requester: UserIdentity(username: "alice", uid: "uid-alice", groups: ["developers"]), namespace: "demo",
            name: "alice-edit", spec: request.spec)
        return request
    }

    static func admission(maxLeadTime: String?) -> AccessRequestAdmission {
        var policy = AccessPolicy.fixture().breakingGlass()
        policy.spec.maxLeadTime = maxLeadTime
        return AccessRequestAdmission(
            controllerUsername: F.controller, policies: .fixed(policies: [policy]), signer: B.signer)
    }

    @Test(
        "Which starts are admitted",
        arguments: [
            (3600, "2h", nil, nil),
            (
                3600, nil, nil,
                "AccessPolicy \"developers-edit\" does not allow a scheduled start (spec.startAt): it has no maxLeadTime"
            ),
            (
                3 * 3600, "2h", nil,
                "spec.startAt is 3h ahead, beyond the maxLeadTime 2h allowed by AccessPolicy \"developers-edit\""
            ),
            (
                -600, "2h", nil,
                "spec.startAt 2027-01-15T07:50:00Z is in the past; leave it out to start as soon as the request is approved"
            ),
            (600, "2h", true, "spec.startAt: a break-glass request starts at once; it cannot have startAt"),
        ] as [(Double, String?, Bool?, String?)])
    func create(seconds: Double, maxLeadTime: String?, breakGlass: Bool?, refusal: String?) {
        let response = G.validateCreate(
            Self.starting(in: seconds, breakGlass: breakGlass), admission: Self.admission(maxLeadTime: maxLeadTime))
        if let refusal {
            #expect(response.status == .init(code: 403, message: refusal, reason: "Forbidden"))
        } else {
            #expect(response.allowed, "\(response.status?.message ?? "")")
        }
    }
}
