import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

private typealias F = AdmissionFixtures

/// Who may delete an AccessRequest, as the validating webhook decides it: the requester, an approver
/// under the governing policy, or a holder of `delete` on `accessrequests/force` (the API server's
/// answer, passed in). Everyone else is refused with who may.
@Suite("AccessRequest deletion admission")
struct DeletionAdmissionTests {
    static let admission = AccessRequestAdmission(
        controllerUsername: F.controller, policies: .fixed(policies: [.fixture()]))

    static let stored = F.accessRequest(status: ["phase": "Active", "policy": "developers-edit"])

    static func delete(by user: String, stored: JSONValue = stored) -> AdmissionRequest {
        F.request(.delete, by: user, object: nil, old: stored)
    }

    static let refusal =
        "frank may not delete AccessRequest demo/alice-edit: only its requester (alice), an approver under AccessPolicy \"developers-edit\" (group sre), or a holder of delete on accessrequests/force in namespace \"demo\", may delete it"

    struct Row: Sendable, CustomTestStringConvertible {
        var label: String
        var admission: AccessRequestAdmission = DeletionAdmissionTests.admission
        var request: AdmissionRequest
        var webhook: AccessRequestAdmission.Webhook = .validating
        var forceDelete: AccessRequestAdmission.PermissionAnswer = .notAsked
        /// Whether the rules need the API server's answer first.
        var asks: Bool
        /// nil when allowed; else (code, message).
        var denial: (Int, String)?
        var testDescription: String { label }
    }

    static let rows: [Row] = [
        Row(label: "the requester deletes their own request", request: delete(by: "alice"), asks: false),
        Row(label: "an approver under the governing policy deletes it", request: delete(by: "bob"), asks: false),
        Row(
            label: "a stranger is refused, naming who may", request: delete(by: "frank"), asks: true,
            denial: (403, refusal)),
        Row(
            label: "a stranger holding accessrequests/force deletes it", request: delete(by: "frank"),
            forceDelete: .allowed, asks: true),
        Row(
            label: "a stranger the API server says no to is refused", request: delete(by: "frank"),
            forceDelete: .denied, asks: true, denial: (403, refusal)),
        Row(
            label: "when the API server cannot be asked, the delete is refused for now", request: delete(by: "frank"),
            forceDelete: .failed("connection refused"), asks: true,
            denial: (
                503,
                "could not ask the API server whether frank holds delete on accessrequests/force: connection refused; try again"
            )),
        Row(
            label: "with no policy governing it any more, only the requester or a force holder",
            admission: AccessRequestAdmission(controllerUsername: F.controller, policies: .fixed(policies: [])),
            request: delete(by: "bob"), asks: true,
            denial: (
                403,
                "bob may not delete AccessRequest demo/alice-edit: only its requester (alice) (no AccessPolicy governs it now), or a holder of delete on accessrequests/force in namespace \"demo\", may delete it"
            )),
        Row(
            label: "a request the engine no longer allows is governed by the policy its status names",
            request: delete(
                by: "bob",
                stored: F.edited(stored) { $0[path: ["spec", "role", "name"]] = "admin" }), asks: false),
        Row(
            label: "while policies load, the requester may delete and anyone else is asked to retry",
            admission: AccessRequestAdmission(
                controllerUsername: F.controller,
                policies: PolicyLookup(
                    isReady: { false }, policies: { PolicySet([]) }, namespaceLabels: { _ in [:] },
                    roleRules: { _, _ in nil })), request: delete(by: "bob"), asks: true,
            denial: (503, AccessRequestAdmission.notReadyMessage)),
        Row(
            label: "the mutating webhook does not judge deletes", request: delete(by: "frank"), webhook: .mutating,
            asks: false),
        Row(
            label: "the requester may not delete their break-glass request while its cooldown counts it",
            admission: glassAdmission, request: delete(by: "alice", stored: brokeGlass(hoursAgo: 1)), asks: true,
            denial: (403, heldRefusal)),
        Row(
            label: "a holder of accessrequests/force may", admission: glassAdmission,
            request: delete(by: "alice", stored: brokeGlass(hoursAgo: 1)), forceDelete: .allowed, asks: true),
        Row(
            label: "an approver may", admission: glassAdmission,
            request: delete(by: "bob", stored: brokeGlass(hoursAgo: 1)),
            asks: false),
        Row(
            label: "once the cooldown has passed, the requester may", admission: glassAdmission,
            request: delete(by: "alice", stored: brokeGlass(hoursAgo: 25)), asks: false),
    ]

    /// Deletes judged under developers-edit where developers may break glass once every 24h.
    static let glassAdmission = AccessRequestAdmission(
        controllerUsername: F.controller, policies: .fixed(policies: [AccessPolicy.fixture().breakingGlass()]))

    /// alice's break-glass request, granted `hours` before the webhook's now (it counts toward the
    /// cooldown for 24h from then).
    static func brokeGlass(hoursAgo hours: Double) -> JSONValue {
        var object = F.accessRequest(
            requester: ["username": "alice", "groups": ["developers"]],
            status: [
                "phase": "Expired", "policy": "developers-edit",
                "grantedAt": .string(KubeTime(F.now.addingTimeInterval(-hours * 3600)).description),
            ])
        object[path: ["spec", "breakGlass"]] = true
        return object
    }

    static let heldRefusal =
        "alice may not delete AccessRequest demo/alice-edit before 2027-01-16T07:00:00Z: it records breaking glass, which AccessPolicy \"developers-edit\" counts until then toward its cooldown; Revoke it to end the access, or ask an approver under AccessPolicy \"developers-edit\" (group sre), or a holder of delete on accessrequests/force in namespace \"demo\", to delete it"

    @Test("Only the requester, an approver or a holder of accessrequests/force may delete a request", arguments: rows)
    func table(_ row: Row) {
        #expect((row.admission.forceDeleteQuestion(row.request, as: row.webhook, now: F.now) != nil) == row.asks)
        let response = row.admission.review(row.request, now: F.now, as: row.webhook, forceDelete: row.forceDelete)
        if let (code, message) = row.denial {
            #expect(!response.allowed)
            #expect(response.status?.code == code)
            #expect(response.status?.message == message)
        } else {
            #expect(response.allowed, "\(response.status?.message ?? "")")
        }
    }

    @Test("The question names the caller as admission saw them, and the request")
    func question() {
        var request = Self.delete(by: "frank")
        request.userInfo.extra = ["scopes": ["a"]]
        #expect(
            Self.admission.forceDeleteQuestion(request, as: .validating, now: F.now)
                == .init(user: request.userInfo, namespace: "demo", name: "alice-edit"))
        #expect(Self.admission.forceDeleteQuestion(Self.delete(by: "alice"), as: .validating, now: F.now) == nil)
    }
}
