import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

/// Policy at admission and who may review: the webhook refuses at once, with the exact reason, what
/// the controller would otherwise reject later (fail closed either way).
@Suite("Admission guardrails")
struct AdmissionGuardrailsTests {
    typealias F = AdmissionFixtures
    static let signer = EmulatorHarness.signer

    /// developers may request edit or secret-reader in demo for up to 1h with a ticket reason; one
    /// sre approval; nothing that reads secrets.
    static let policy = AccessPolicy.fixture(
        roles: [.init(kind: "ClusterRole", name: "edit"), .init(kind: "ClusterRole", name: "secret-reader")],
        reasonPattern: "^INC-[0-9]+",
        forbiddenRules: [PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["secrets"])])
    static let clusterRoles = [
        ClusterRole(
            metadata: ObjectMeta(name: "edit"),
            rules: [PolicyRule(verbs: ["get", "update"], apiGroups: ["apps"], resources: ["deployments"])]),
        ClusterRole(
            metadata: ObjectMeta(name: "secret-reader"),
            rules: [PolicyRule(verbs: ["get", "list"], apiGroups: [""], resources: ["secrets"])]),
    ]
    static let admission = AccessRequestAdmission(
        controllerUsername: F.controller,
        policies: .fixed(policies: [policy], clusterRoles: clusterRoles), signer: signer)

    /// A request as the validating webhook sees it after alice's create passed the mutating one.
    static func stamped(
        role: String = "edit", duration: String? = "30m", reason: String = "INC-1 roll back",
        status: AccessRequestStatus? = nil, approvals: [ApprovalRecord] = []
    ) -> AccessRequest {
        var request = AccessRequest(
            metadata: ObjectMeta(name: "alice-edit", namespace: "demo"),
            spec: AccessRequestSpec(role: .init(kind: "ClusterRole", name: role), duration: duration, reason: reason))
        request.metadata.uid = "uid-alice-edit"
        request.spec.requester = signer.signed(
            requester: UserIdentity(username: "alice", uid: "uid-alice", groups: ["developers"]), namespace: "demo",
            name: "alice-edit", spec: request.spec)
        request.status = status
        if !approvals.isEmpty {
            request.status = request.status ?? AccessRequestStatus()
            request.status?.approvals = approvals
        }
        return request
    }

    /// The request as JSON; `.null` (which every assertion then refuses) if it cannot be encoded.
    static func json(_ request: AccessRequest) -> JSONValue { (try? JSONValue(encoding: request)) ?? .null }

    static func validateCreate(
        _ request: AccessRequest, by user: String = "alice", admission: AccessRequestAdmission = admission
    )
        -> AdmissionResponse
    {
        admission.review(F.request(.create, by: user, object: json(request)), now: F.now, as: .validating)
    }

    // MARK: Create

    @Test(
        "A create is refused at admission with the policy's exact reason",
        arguments: [
            ("edit", "30m", "INC-1 roll back", nil),
            ("edit", nil, "INC-1 roll back", nil),
            (
                "edit", "2h", "INC-1 roll back",
                "requested duration 2h exceeds the maximum 1h allowed by AccessPolicy \"developers-edit\""
            ),
            (
                "edit", "30m", "because",
                "reason \"because\" does not match the pattern \"^INC-[0-9]+\" required by AccessPolicy \"developers-edit\""
            ),
            (
                "admin", "30m", "INC-1 roll back",
                "no AccessPolicy allows User \"alice\" to request ClusterRole/admin in namespace \"demo\""
            ),
            (
                "secret-reader", "30m", "INC-1 roll back",
                "ClusterRole/secret-reader is forbidden by AccessPolicy \"developers-edit\": it grants get on secrets"
            ),
            ("edit", "0s", "INC-1 roll back", "spec.duration: \"0s\" is too short: must be at least 1s"),
        ] as [(String, String?, String, String?)])
    func createJudgedByPolicy(role: String, duration: String?, reason: String, refusal: String?) {
        let response = Self.validateCreate(Self.stamped(role: role, duration: duration, reason: reason))
        if let refusal {
            #expect(!response.allowed)
            #expect(response.status == .init(code: 403, message: refusal, reason: "Forbidden"))
        } else {
            #expect(response.allowed, "\(response.status?.message ?? "")")
        }
    }

    @Test("A create whose requester was not stamped from the caller is refused")
    func notStamped() {
        let response = Self.validateCreate(Self.stamped(), by: "bob")
        #expect(!response.allowed)
        #expect(
            response.status?.message
                == "spec.requester was not stamped with the caller's identity; Drawbridge's MutatingWebhookConfiguration \"drawbridge\" must be installed"
        )
    }

    @Test("A create whose spec changed after stamping (the signature no longer matches) is refused")
    func changedAfterStamping() {
        var request = Self.stamped()
        request.spec.duration = "45m"
        let response = Self.validateCreate(request)
        #expect(!response.allowed)
        #expect(
            response.status?.message
                == "spec.requester's signature does not verify: the request was changed after Drawbridge stamped it")
    }

    @Test("Until the policy caches have loaded, creates are refused with 503 and a hint to retry")
    func notReady() {
        let loading = PolicyLookup(
            isReady: { false }, policies: { PolicySet([]) }, namespaceLabels: { _ in [:] }, roleRules: { _, _ in nil })
        let admission = AccessRequestAdmission(controllerUsername: F.controller, policies: loading, signer: Self.signer)
        let response = Self.validateCreate(Self.stamped(), admission: admission)
        #expect(
            response.status
                == .init(code: 503, message: AccessRequestAdmission.notReadyMessage, reason: "ServiceUnavailable"))
    }

    // MARK: Reviews

    static func reviewing(
        _ decision: String, by user: String, phase: AccessRequestPhase? = .pending, approvals: [ApprovalRecord] = []
    ) -> AdmissionResponse {
        var status = AccessRequestStatus()
        status.phase = phase
        let old = stamped(status: phase == nil ? nil : status, approvals: approvals)
        var object = json(old)
        object[path: ["status", "review"]] = ["decision": .string(decision)]
        return admission.review(
            F.request(.update, subResource: "status", by: user, object: object, old: json(old)), now: F.now)
    }

    static let carolSigned = signer.signed(
        approval: ApprovalRecord(user: "carol", groups: ["sre"], decision: .approve, time: KubeTime(Fixtures.at(-60))),
        requestUID: "uid-alice-edit")

    @Test(
        "Who may record which review, and the exact refusal",
        arguments: [
            ("Approve", "bob", AccessRequestPhase.pending, nil),
            ("Deny", "bob", .pending, nil),
            ("Revoke", "bob", .active, nil),
            ("Revoke", "alice", .active, nil),
            ("Revoke", "alice", .pending, nil),
            ("Approve", "alice", .pending, "alice cannot approve their own AccessRequest; another approver must"),
            (
                "Deny", "alice", .pending,
                "alice cannot deny their own AccessRequest; Revoke it or delete it to withdraw it"
            ),
            (
                "Approve", "frank", .pending,
                "frank is not an approver under AccessPolicy \"developers-edit\" (approvers: group sre)"
            ),
            (
                "Revoke", "frank", .active,
                "frank is not an approver under AccessPolicy \"developers-edit\" (approvers: group sre)"
            ),
            (
                "Approve", "bob", .active,
                "AccessRequest demo/alice-edit is already Active and no extension waits for approval; only Revoke or Extend changes it now"
            ),
            (
                "Approve", "bob", .expired,
                "AccessRequest demo/alice-edit is already Expired; reviews no longer change it"
            ),
            (
                "Revoke", "alice", .revoked,
                "AccessRequest demo/alice-edit is already Revoked; reviews no longer change it"
            ),
        ] as [(String, String, AccessRequestPhase, String?)])
    func reviewAuthorization(decision: String, user: String, phase: AccessRequestPhase, refusal: String?) {
        let response = Self.reviewing(decision, by: user, phase: phase)
        if let refusal {
            #expect(response.status == .init(code: 403, message: refusal, reason: "Forbidden"))
        } else {
            #expect(response.allowed, "\(response.status?.message ?? "")")
        }
    }

    @Test("An approver approves once; a forged earlier approval in their name does not block them")
    func approveOnce() {
        let again = Self.reviewing("Approve", by: "carol", approvals: [Self.carolSigned])
        #expect(
            again.status?.message
                == "carol has already approved AccessRequest demo/alice-edit; AccessPolicy \"developers-edit\" needs 1 distinct approver(s)"
        )
        var forged = Self.carolSigned
        forged.signature = nil
        #expect(Self.reviewing("Approve", by: "carol", approvals: [forged]).allowed)
    }

    @Test("The recorded approval is signed for this request and verifies")
    func recordedApprovalSigned() throws {
        let response = Self.reviewing("Approve", by: "bob", approvals: [Self.carolSigned])
        let status = try #require(response.patchOperations.first?["value"])
        let records = try #require(status["approvals"]?.arrayValue).map { try $0.decode(as: ApprovalRecord.self) }
        #expect(records.count == 2)
        #expect(records[1].user == "bob")
        #expect(Self.signer.verifies(approval: records[1], requestUID: "uid-alice-edit"))
    }

    // MARK: Validating status writes

    static func validateStatus(
        by user: String, old: [ApprovalRecord], new: [ApprovalRecord], phase: AccessRequestPhase = .pending
    )
        -> AdmissionResponse
    {
        var oldStatus = AccessRequestStatus()
        oldStatus.phase = .pending
        var newStatus = oldStatus
        newStatus.phase = phase
        let before = stamped(status: oldStatus, approvals: old)
        let after = stamped(status: newStatus, approvals: new)
        return admission.review(
            F.request(.update, subResource: "status", by: user, object: json(after), old: json(before)), now: F.now,
            as: AccessRequestAdmission.Webhook.validating)
    }

    @Test("A status write may only append the one signed record of the caller")
    func appendOnly() {
        let bobs = Self.signer.signed(
            approval: ApprovalRecord(user: "bob", groups: ["sre"], decision: .approve, time: KubeTime(Fixtures.t0)),
            requestUID: "uid-alice-edit")
        var unsigned = bobs
        unsigned.signature = nil
        #expect(Self.validateStatus(by: "bob", old: [Self.carolSigned], new: [Self.carolSigned, bobs]).allowed)
        let refusals = [
            Self.validateStatus(by: "bob", old: [Self.carolSigned], new: [Self.carolSigned, unsigned]),
            Self.validateStatus(by: "carol", old: [Self.carolSigned], new: [Self.carolSigned, bobs]),
            Self.validateStatus(by: "bob", old: [Self.carolSigned], new: [bobs]),
            Self.validateStatus(by: "bob", old: [], new: [Self.carolSigned, bobs]),
        ]
        for response in refusals {
            #expect(response.status?.message == AccessRequestAdmission.approvalsAppendOnlyMessage)
        }
        #expect(
            Self.validateStatus(by: "bob", old: [], new: [bobs], phase: .approved).status?.message
                == AccessRequestAdmission.reviewOnlyMessage)
        #expect(Self.validateStatus(by: F.controller, old: [Self.carolSigned], new: [], phase: .approved).allowed)
    }
}
