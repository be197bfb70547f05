import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeTesting
import KubeClient
import Testing

/// The real admission rules inside the emulator (called in process): what the controller relies on
/// for identity, with the API server's retry-on-conflict making concurrent reviews all land.
@Suite("AccessRequest admission through the emulator")
struct AdmissionThroughEmulatorTests {
    /// Lets developers and sre create AccessRequests and write their status, as a platform admin would.
    static let reviewerRBAC = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: drawbridge-requester-reviewer}
        rules:
        - apiGroups: [drawbridge.dev]
          resources: [accessrequests]
          verbs: [create, get, list, watch]
        - apiGroups: [drawbridge.dev]
          resources: [accessrequests/status]
          verbs: [patch, update]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: drawbridge-requester-reviewer}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: drawbridge-requester-reviewer}
        subjects:
        - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: developers}
        - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: sre}
        """

    /// A harness with the webhook registered, the RBAC above, and alice's request created by alice
    /// with a forged requester.
    static func harnessWithRequest() async throws -> (EmulatorHarness, AccessRequest) {
        // Stamping and recording alone: policy checks are AdmissionGuardrailsTests' subject.
        let harness = try await EmulatorHarness.withAdmissionWebhook(configure: { $0.policies = nil })
        try await harness.apply(yaml: reviewerRBAC)
        let forged = AccessRequest.fixture(name: "alice-edit", namespace: "demo", requester: "bob", groups: ["sre"])
        var fresh = AccessRequest(
            metadata: ObjectMeta(name: forged.metadata.name, namespace: "demo"), spec: forged.spec)
        fresh.status = AccessRequestStatus(phase: .active)
        let created = try await harness.client("alice").create(fresh)
        return (harness, created)
    }

    static func review(_ decision: String, comment: String? = nil) -> JSONValue {
        var review: JSONValue = ["decision": .string(decision)]
        if let comment { review["comment"] = .string(comment) }
        return ["status": ["review": review]]
    }

    @Test("A create with a forged requester is stored with the caller's identity and no status")
    func createStampsRequester() async throws {
        let (harness, created) = try await Self.harnessWithRequest()
        var requester = created.spec.requester
        requester?.signature = nil
        #expect(
            requester
                == UserIdentity(username: "alice", uid: "uid-alice", groups: ["developers", "system:authenticated"]))
        #expect(EmulatorHarness.signer.verifiesRequester(of: created), "the stamped requester is signed")
        #expect(created.status == nil)
        let stored = try await harness.client("admin").get(AccessRequest.self, name: "alice-edit", namespace: "demo")
        #expect(stored.spec.requester?.username == "alice")
    }

    @Test("Twenty concurrent reviews by different users all become approval records")
    func concurrentReviews() async throws {
        let (harness, _) = try await Self.harnessWithRequest()
        let reviewers = ["bob", "carol", "dave", "erin", "admin"]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                let user = reviewers[index % reviewers.count]
                group.addTask {
                    _ = try await harness.client(user).patch(
                        AccessRequest.self, name: "alice-edit", namespace: "demo",
                        body: Self.review("Approve", comment: "review \(index)"), subresource: "status")
                }
            }
            try await group.waitForAll()
        }
        let stored = try await harness.client("admin").get(AccessRequest.self, name: "alice-edit", namespace: "demo")
        let approvals = stored.status?.approvals ?? []
        #expect(approvals.count == 20)
        #expect(Set(approvals.compactMap(\.comment)) == Set((0..<20).map { "review \($0)" }))
        for reviewer in reviewers {
            #expect(approvals.filter { $0.user == reviewer }.count == 4, "\(reviewer)")
        }
        #expect(approvals.allSatisfy { $0.decision == .approve && $0.time == KubeTime(harness.clock.date) })
        #expect(stored.status?.review == nil)
    }

    @Test("A reviewer's approval records their groups and the harness time")
    func approvalCarriesIdentity() async throws {
        let (harness, _) = try await Self.harnessWithRequest()
        await harness.clock.advance(by: .seconds(90))
        let reviewed = try await harness.client("dave").patch(
            AccessRequest.self, name: "alice-edit", namespace: "demo", body: Self.review("Deny", comment: "not now"),
            subresource: "status")
        let records = reviewed.status?.approvals ?? []
        #expect(
            records.map {
                var unsigned = $0; unsigned.signature = nil; return unsigned
            } == [
                ApprovalRecord(
                    user: "dave", groups: ["sre", "developers", "system:authenticated"], decision: .deny,
                    comment: "not now",
                    time: KubeTime(harness.clock.date))
            ])
        #expect(
            records.allSatisfy {
                EmulatorHarness.signer.verifies(approval: $0, requestUID: reviewed.metadata.uid ?? "")
            }, "each record is signed for this request")
    }

    @Test("A reviewer cannot set the phase, and the API error quotes the webhook")
    func reviewerCannotWritePhase() async throws {
        let (harness, _) = try await Self.harnessWithRequest()
        let error = await #expect(throws: APIError.self) {
            try await harness.client("bob").patch(
                AccessRequest.self, name: "alice-edit", namespace: "demo",
                body: ["status": ["phase": "Active", "review": ["decision": "Approve"]]], subresource: "status")
        }
        #expect(error?.code == 403)
        #expect(
            error?.message
                == #"admission webhook "accessrequests.drawbridge.dev" denied the request: only status.review may be written by reviewers; the controller owns the rest of status"#
        )
    }

    @Test("A reviewer's invalid decision is refused with the valid values")
    func invalidDecision() async throws {
        let (harness, _) = try await Self.harnessWithRequest()
        let error = await #expect(throws: APIError.self) {
            try await harness.client("carol").patch(
                AccessRequest.self, name: "alice-edit", namespace: "demo", body: Self.review("LGTM"),
                subresource: "status")
        }
        #expect(error?.code == 400)
        #expect(
            error?.message.hasSuffix(
                #"status.review.decision "LGTM" is not valid: use Approve, Deny, Revoke, Extend, Ratify or Reject"#)
                == true)
    }

    @Test("The controller writes status freely")
    func controllerWritesStatus() async throws {
        let (harness, created) = try await Self.harnessWithRequest()
        var request = created
        request.status = AccessRequestStatus(phase: .pending)
        request.status?.message = "Waiting for 1 approval from sre."
        let updated = try await harness.client("controller").updateStatus(request)
        #expect(updated.status?.phase == .pending)
        #expect(updated.status?.message == "Waiting for 1 approval from sre.")
    }
}
