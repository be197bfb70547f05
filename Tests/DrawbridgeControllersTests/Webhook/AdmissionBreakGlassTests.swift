import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

/// Breaking glass at admission: who may, how often, and who reviews it afterwards, each refusal
/// with its exact reason.
@Suite("Admission: break-glass")
struct AdmissionBreakGlassTests {
    typealias F = AdmissionFixtures
    typealias G = AdmissionGuardrailsTests
    static let signer = EmulatorHarness.signer
    static let policy = AccessPolicy.fixture().breakingGlass()

    /// alice's break-glass request, as the validating webhook sees it after stamping.
    static func breaking(duration: String? = "30m", status: AccessRequestStatus? = nil) -> AccessRequest {
        var request = AccessRequest(
            metadata: ObjectMeta(name: "alice-edit", namespace: "demo"),
            spec: AccessRequestSpec(
                role: .init(kind: "ClusterRole", name: "edit"), duration: duration, reason: "INC-1 roll back"))
        request.metadata.uid = "uid-alice-edit"
        request.spec.breakGlass = true
        request.spec.requester = signer.signed(
            requester: UserIdentity(username: "alice", uid: "uid-alice", groups: ["developers"]), namespace: "demo",
            name: "alice-edit", spec: request.spec)
        request.status = status
        return request
    }

    static func admission(_ policies: [AccessPolicy] = [policy], requests: [AccessRequest] = [])
        -> AccessRequestAdmission
    {
        AccessRequestAdmission(
            controllerUsername: F.controller, policies: .fixed(policies: policies, requests: requests), signer: signer)
    }

    /// Another break-glass request of alice's, granted `seconds` after t0.
    static func earlier(grantedAt seconds: Double) -> AccessRequest {
        var request = AccessRequest.fixture(name: "alice-earlier", .breakGlass(), .phase(.expired, grantedAt: seconds))
        request.spec.requester = UserIdentity(username: "alice", groups: ["developers"])
        return request
    }

    /// Another break-glass request of alice's, created but not decided yet (created in the same
    /// `kubectl create` as this one, say).
    static func undecided() -> AccessRequest {
        var request = AccessRequest.fixture(name: "alice-other", .breakGlass())
        request.spec.requester = UserIdentity(username: "alice", groups: ["developers"])
        return request
    }

    @Test(
        "Who may break glass, and how often",
        arguments: [
            ([policy], [], nil),
            (
                [AccessPolicy.fixture()], [],
                "no AccessPolicy allows User \"alice\" to break glass for ClusterRole/edit in namespace \"demo\""
            ),
            (
                [policy], [earlier(grantedAt: -3600)],
                "alice broke glass at 2027-01-15T07:00:00Z (AccessRequest demo/alice-earlier); AccessPolicy \"developers-edit\" allows it once every 24h per person, so not again before 2027-01-16T07:00:00Z"
            ),
            ([policy], [earlier(grantedAt: -86400)], nil),
            (
                [policy], [undecided()],
                "alice is already breaking glass with AccessRequest demo/alice-other, not decided yet; AccessPolicy \"developers-edit\" allows it once every 24h per person"
            ),
        ] as [([AccessPolicy], [AccessRequest], String?)])
    func create(policies: [AccessPolicy], requests: [AccessRequest], refusal: String?) {
        let response = G.validateCreate(Self.breaking(), admission: Self.admission(policies, requests: requests))
        if let refusal {
            #expect(response.status == .init(code: 403, message: refusal, reason: "Forbidden"))
        } else {
            #expect(response.allowed, "\(response.status?.message ?? "")")
        }
    }

    /// alice's break-glass grant in `phase`, with `records` on it.
    static func granted(_ phase: AccessRequestPhase = .active, records: [ApprovalRecord] = []) -> AccessRequest {
        var status = AccessRequestStatus(phase: phase)
        status.policy = "developers-edit"
        status.grantedAt = KubeTime(Fixtures.at(-600))
        status.expiresAt = KubeTime(Fixtures.at(1200))
        status.approvals = records.map { signer.signed(approval: $0, requestUID: "uid-alice-edit") }
        return breaking(status: status)
    }

    static func review(_ decision: String, by user: String, on request: AccessRequest) -> AdmissionResponse {
        var object = G.json(request)
        object[path: ["status", "review"]] = ["decision": .string(decision)]
        return admission().review(
            F.request(.update, subResource: "status", by: user, object: object, old: G.json(request)), now: F.now)
    }

    static let name = "AccessRequest demo/alice-edit"

    @Test(
        "Who may ratify or reject, and the exact refusal",
        arguments: [
            ("Ratify", "bob", granted(), nil),
            ("Reject", "carol", granted(), nil),
            ("Reject", "bob", granted(.expired), nil),
            ("Ratify", "alice", granted(), "alice cannot ratify their own break-glass access; an approver must"),
            (
                "Reject", "frank", granted(),
                "frank is not an approver under AccessPolicy \"developers-edit\" (approvers: group sre)"
            ),
            (
                "Ratify", "bob", breaking(),
                "\(name) is not a break-glass grant; Ratify and Reject review break-glass grants only"
            ),
            (
                "Reject", "bob",
                granted(records: [
                    ApprovalRecord(user: "carol", groups: ["sre"], decision: .ratify, time: KubeTime(Fixtures.at(-60)))
                ]),
                "\(name)'s break-glass access was already ratified by carol; it is reviewed once"
            ),
        ] as [(String, String, AccessRequest, String?)])
    func reviewers(decision: String, user: String, request: AccessRequest, refusal: String?) {
        let response = Self.review(decision, by: user, on: request)
        if let refusal {
            #expect(response.status == .init(code: 403, message: refusal, reason: "Forbidden"))
        } else {
            #expect(response.allowed, "\(response.status?.message ?? "")")
        }
    }

    @Test("A break-glass grant is never extended")
    func neverExtended() {
        var object = G.json(Self.granted())
        object[path: ["status", "review"]] = ["decision": "Extend", "duration": "10m"]
        let response = AccessRequestAdmission(
            controllerUsername: F.controller, policies: .fixed(policies: [Self.policy.extending()]),
            signer: Self.signer
        ).review(
            F.request(.update, subResource: "status", by: "alice", object: object, old: G.json(Self.granted())),
            now: F.now)
        #expect(
            response.status?.message
                == "\(Self.name) is a break-glass grant, and those are never extended; ask for access the usual way")
    }

    @Test("The signature covers spec.breakGlass: a request whose break-glass flag was flipped no longer verifies")
    func signatureCoversBreakGlass() {
        var request = Self.breaking()
        #expect(Self.signer.verifiesRequester(of: request))
        request.spec.breakGlass = false
        #expect(!Self.signer.verifiesRequester(of: request))
        request.spec.breakGlass = nil
        #expect(!Self.signer.verifiesRequester(of: request))
    }
}
