import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

/// Extending a live grant at admission: who may ask, who may decide, and the limits, each refused at
/// once with the exact reason (the controller would refuse them too; see PlanExtensionTests).
@Suite("Admission: extensions")
struct AdmissionExtensionTests {
    typealias F = AdmissionFixtures
    typealias G = AdmissionGuardrailsTests
    static let signer = EmulatorHarness.signer

    /// developers-edit with extensions up to 2h in total, twice, one sre approval each.
    static let policy = AccessPolicy.fixture().extending()
    static let admission = AccessRequestAdmission(
        controllerUsername: F.controller, policies: .fixed(policies: [policy]), signer: signer)

    /// alice's grant: Active from t0-10m until t0+20m (approved by carol), with `records` and
    /// `extensions` appended.
    static func grant(
        phase: AccessRequestPhase = .active, expiresIn: Double = 1200, records: [ApprovalRecord] = [],
        extensions: [GrantExtension] = []
    ) -> AccessRequest {
        var status = AccessRequestStatus(phase: phase)
        status.policy = "developers-edit"
        status.grantedAt = KubeTime(Fixtures.at(-600))
        status.expiresAt = KubeTime(Fixtures.at(expiresIn))
        status.approvals = [G.carolSigned] + records.map { signer.signed(approval: $0, requestUID: "uid-alice-edit") }
        status.extensions = extensions.isEmpty ? nil : extensions
        return G.stamped(status: status)
    }

    static func reviewing(
        _ review: JSONValue, by user: String, on request: AccessRequest = grant(),
        admission: AccessRequestAdmission = admission
    ) -> AdmissionResponse {
        var object = G.json(request)
        object[path: ["status", "review"]] = review
        return admission.review(
            F.request(.update, subResource: "status", by: user, object: object, old: G.json(request)), now: F.now)
    }

    static func extend(_ duration: String?, by user: String, on request: AccessRequest = grant()) -> AdmissionResponse {
        var review: JSONValue = ["decision": "Extend"]
        if let duration { review["duration"] = .string(duration) }
        return reviewing(review, by: user, on: request)
    }

    static let name = "AccessRequest demo/alice-edit"

    /// alice asked for 30m more a minute ago; it waits for an sre.
    static let asked = ApprovalRecord(
        user: "alice", groups: ["developers"], decision: .extend, time: KubeTime(Fixtures.at(-60)), duration: "30m")

    @Test(
        "Who may ask for an extension, and the exact refusal",
        arguments: [
            ("alice", "30m", grant(), nil),
            ("bob", "30m", grant(), nil),
            (
                "frank", "30m", grant(),
                "frank may not extend \(name): only its requester (alice) or an approver under AccessPolicy \"developers-edit\" (group sre) may"
            ),
            (
                "alice", "2h", grant(),
                "extending \(name) by 2h would make the grant last 2h30m, beyond the 2h AccessPolicy \"developers-edit\" allows in total (at most 1h30m more)"
            ),
            ("alice", "30m", grant(phase: .pending), "\(name) is Pending; only an Active grant can be extended"),
            (
                "alice", "30m", grant(expiresIn: 0),
                "\(name) expired at 2027-01-15T08:00:00Z; it can no longer be extended"
            ),
            (
                "alice", "30m", grant(records: [asked]),
                "an extension by 30m asked by alice is already waiting for approval on \(name) (it times out at 2027-01-15T08:29:00Z); one extension is decided at a time"
            ),
            (
                "alice", "10m",
                grant(extensions: [
                    GrantExtension(
                        requestedBy: "alice", requestedAt: KubeTime(Fixtures.at(-300)), duration: "5m", state: .extended
                    ),
                    GrantExtension(
                        requestedBy: "alice", requestedAt: KubeTime(Fixtures.at(-200)), duration: "5m", state: .extended
                    ),
                ]),
                "\(name) has had 2 of the 2 extension(s) AccessPolicy \"developers-edit\" allows"
            ),
        ] as [(String, String, AccessRequest, String?)])
    func whoMayAsk(user: String, duration: String, request: AccessRequest, refusal: String?) {
        let response = Self.extend(duration, by: user, on: request)
        if let refusal {
            #expect(response.status == .init(code: 403, message: refusal, reason: "Forbidden"))
        } else {
            #expect(response.allowed, "\(response.status?.message ?? "")")
        }
    }

    @Test("A policy without extension refuses every Extend")
    func policyWithoutExtension() {
        let plain = AccessRequestAdmission(
            controllerUsername: F.controller, policies: .fixed(policies: [.fixture()]), signer: Self.signer)
        let response = Self.reviewing(["decision": "Extend", "duration": "30m"], by: "alice", admission: plain)
        #expect(
            response.status
                == .init(
                    code: 403, message: "AccessPolicy \"developers-edit\" does not allow extensions",
                    reason: "Forbidden"))
    }

    @Test(
        "A duration is required for Extend and only for Extend",
        arguments: [
            (
                ["decision": "Extend"],
                "status.review.duration is required for Extend: how much longer, as a Go duration (30m, 1h)"
            ),
            (["decision": "Approve", "duration": "30m"], "status.review.duration is only for Extend"),
            (
                ["decision": "Extend", "duration": 30],
                "status.review.duration must be a string: a Go duration such as 30m"
            ),
            (
                ["decision": "Extend", "duration": "0s"],
                "status.review.duration: \"0s\" is too short: must be at least 1s"
            ),
        ] as [(JSONValue, String)])
    func durationRules(review: JSONValue, message: String) {
        #expect(Self.reviewing(review, by: "alice").status == .init(code: 400, message: message, reason: "BadRequest"))
    }

    @Test(
        "Who may approve or deny the extension waiting, and the exact refusal",
        arguments: [
            ("Approve", "bob", asked, nil),
            ("Deny", "bob", asked, nil),
            ("Approve", "alice", asked, "alice cannot approve their own AccessRequest; another approver must"),
            (
                "Approve", "frank", asked,
                "frank is not an approver of extensions under AccessPolicy \"developers-edit\" (approvers: group sre)"
            ),
            (
                "Approve", "bob",
                ApprovalRecord(
                    user: "bob", groups: ["sre"], decision: .extend, time: KubeTime(Fixtures.at(-60)), duration: "30m"),
                "bob cannot approve the extension they asked for; another approver must"
            ),
        ] as [(String, String, ApprovalRecord, String?)])
    func whoMayDecide(decision: String, user: String, asked: ApprovalRecord, refusal: String?) {
        let response = Self.reviewing(["decision": .string(decision)], by: user, on: Self.grant(records: [asked]))
        if let refusal {
            #expect(response.status == .init(code: 403, message: refusal, reason: "Forbidden"))
        } else {
            #expect(response.allowed, "\(response.status?.message ?? "")")
        }
    }

    @Test("With no extension waiting, Approve on a live grant is refused")
    func nothingWaiting() {
        #expect(
            Self.reviewing(["decision": "Approve"], by: "bob").status?.message
                == "\(Self.name) is already Active and no extension waits for approval; only Revoke or Extend changes it now"
        )
        let approvedOnce = ApprovalRecord(
            user: "bob", groups: ["sre"], decision: .approve, time: KubeTime(Fixtures.at(-30)))
        #expect(
            Self.reviewing(["decision": "Approve"], by: "bob", on: Self.grant(records: [Self.asked, approvedOnce]))
                .status?.message
                == "\(Self.name) is already Active and no extension waits for approval; only Revoke or Extend changes it now",
            "one approval decided the extension already")
    }

    @Test("Approve on a Scheduled grant says it waits to start and only Revoke changes it, not Extend")
    func scheduledGrant() {
        var scheduled = Self.grant(phase: .scheduled)
        scheduled.spec.startAt = KubeTime(Fixtures.at(3600))
        #expect(
            Self.reviewing(["decision": "Approve"], by: "bob", on: scheduled).status?.message
                == "\(Self.name) is already approved and Scheduled to start at 2027-01-15T09:00:00Z; only Revoke changes it now"
        )
    }

    @Test("The recorded Extend carries its duration, signed: a changed duration no longer verifies")
    func extendRecordSigned() throws {
        let response = Self.extend("30m", by: "alice")
        let status = try #require(response.patchOperations.first?["value"])
        let records = try #require(status["approvals"]?.arrayValue).map { try $0.decode(as: ApprovalRecord.self) }
        let record = try #require(records.last)
        #expect(record.decision == .extend)
        #expect(record.duration == "30m")
        #expect(Self.signer.verifies(approval: record, requestUID: "uid-alice-edit"))
        var edited = record
        edited.duration = "3h"
        #expect(!Self.signer.verifies(approval: edited, requestUID: "uid-alice-edit"))
    }
}
