import APIServerEmulator
import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import KubeClient
import Testing

/// The AccessRequest controller against the in-process emulator, on a manual clock.
@Suite struct ControllerLifecycleTests {
    @Test func aRequestGoesFromPendingToActiveOnApprovalAndExpiresExactlyAtExpiresAt() async throws {
        let h = try await ControllerHarness()
        try await h.start()
        try await h.create(AccessRequest.fixture(name: "fix", duration: "30m", requester: "mallory"))
        let pending = try await h.waitFor("fix", phase: .pending)
        #expect(pending.spec.requester?.username == "alice", "the webhook overwrote the forged requester")
        #expect(pending.status?.policy == "developers-edit")
        #expect(pending.status?.message?.hasPrefix("Waiting for approval from group sre: 0 of 1") == true)
        #expect(pending.metadata.finalizers == [Drawbridge.Keys.finalizer])

        await h.clock.advance(by: .seconds(60))
        try await h.review("fix", as: "bob", comment: "go")
        let active = try await h.waitFor("fix", phase: .active)
        let grantedAt = try #require(active.status?.grantedAt)
        let expiresAt = try #require(active.status?.expiresAt)
        #expect(expiresAt.date == grantedAt.date.addingTimeInterval(1800))
        let binding = try #require(try await h.binding(of: "fix"))
        #expect(binding.subjects == [Subject(kind: .user, name: "alice")])
        #expect(binding.roleRef.name == "edit")
        #expect(binding.metadata.annotations?[Drawbridge.Keys.expiresAt] == expiresAt.description)
        #expect(binding.metadata.annotations?[Drawbridge.Keys.approvedBy] == "bob")
        #expect(binding.metadata.annotations?[Drawbridge.Keys.requestUID] == active.metadata.uid)
        #expect(binding.metadata.labels?[Drawbridge.Keys.request] == "fix")
        #expect(binding.metadata.ownerReferences?.first?.uid == active.metadata.uid)
        #expect(active.status?.conditions?.first { $0.type == "Granted" }?.status == .true)

        // One second before expiry nothing happens; at expiry the grant goes.
        await h.clock.advance(by: .seconds(1799))
        try await h.settled()
        #expect(try await h.request("fix").status?.phase == .active)
        #expect(try await h.binding(of: "fix") != nil)
        await h.clock.advance(by: .seconds(1))
        let expired = try await h.waitFor("fix", phase: .expired)
        #expect(try await h.binding(of: "fix") == nil)
        #expect(
            expired.status?.message
                == "Access to ClusterRole/edit in namespace demo expired at \(expiresAt); RoleBinding drawbridge-fix removed."
        )
        try await h.eventually("the finalizer is released") {
            try await h.request("fix").metadata.finalizers ?? [] == [] ? true : nil
        }

        let actions = h.audit.records.filter { $0.request.name == "fix" }.map(\.action)
        #expect(actions == [.requested, .approved, .granted, .expired])
        let expiry = try #require(h.audit.records.first { $0.action == .expired })
        #expect(expiry.time == expiresAt, "revoked at expiresAt on the controller's clock, not later")
        #expect(Set(h.audit.records.map(\.id)).count == h.audit.records.count)
        let reasons = try await h.events(about: "fix").map { $0.reason ?? "" }
        #expect(reasons == ["Requested", "Approved", "Granted", "Expired"])
        await h.stop()
    }

    @Test func aDenialAndATimeoutEndTheRequestWithoutABinding() async throws {
        let h = try await ControllerHarness()
        try await h.start()
        try await h.create(AccessRequest.fixture(name: "denied"))
        try await h.create(AccessRequest.fixture(name: "slow"))
        try await h.waitFor("denied", phase: .pending)
        try await h.waitFor("slow", phase: .pending)
        try await h.review("denied", as: "carol", decision: .deny, comment: "not during the freeze")
        let denied = try await h.waitFor("denied", phase: .denied)
        #expect(denied.status?.message == "Denied by carol: not during the freeze.")
        await h.clock.advance(by: .seconds(30 * 60))
        let timedOut = try await h.waitFor("slow", phase: .timedOut)
        #expect(timedOut.status?.message == "Timed out with 0 of 1 approvals after 30m.")
        #expect(try await h.binding(of: "denied") == nil)
        #expect(try await h.binding(of: "slow") == nil)
        await h.stop()
    }

    @Test func aRequesterApprovingTheirOwnRequestIsRefusedAndWouldNotCount() async throws {
        let h = try await ControllerHarness(policies: [
            .fixture(approverUsers: ["dave"], approverGroups: ["sre"])
        ])
        try await h.start()
        try await h.create(AccessRequest.fixture(name: "selfie"), as: "dave")
        try await h.waitFor("selfie", phase: .pending)
        // The webhook refuses it outright...
        do {
            try await h.review("selfie", as: "dave")
            Issue.record("a self-approval was admitted")
        } catch let error as APIError {
            #expect(
                error.message.hasSuffix("dave cannot approve their own AccessRequest; another approver must"),
                "\(error)")
        }
        // ...and a correctly signed self-approval that got in some other way (written with the
        // controller's identity, which skips review stamping) still does not count.
        let controller = h.emulator.client("controller")
        var request = try await h.request("selfie")
        let record = EmulatorHarness.signer.signed(
            approval: ApprovalRecord(user: "dave", groups: ["sre"], decision: .approve, time: KubeTime(h.clock.date)),
            requestUID: request.metadata.uid ?? "")
        request.status?.approvals = [record]
        _ = try await controller.updateStatus(request)
        try await h.eventually("the controller has seen dave's approval") {
            try await h.request("selfie").status?.message?.contains("0 of 1") == true ? true : nil
        }
        #expect(try await h.request("selfie").status?.phase == .pending)
        try await h.review("selfie", as: "bob")
        try await h.waitFor("selfie", phase: .active)
        #expect(try await h.binding(of: "selfie")?.metadata.annotations?[Drawbridge.Keys.approvedBy] == "bob")
        await h.stop()
    }

    // With the webhook's policy check off, as when admission is bypassed: the controller still
    // rejects (the webhook refusing these at create is tested in AdmissionGuardrailsTests and end to end).
    @Test func anInvalidRequestIsRejectedWithAClearMessageWhileOthersProceed() async throws {
        let h = try await ControllerHarness(
            policies: [
                .fixture(
                    name: "auto", roles: [.init(kind: "ClusterRole", name: "view")], required: 0, approverGroups: nil)
            ],
            configureAdmission: { $0.policies = nil })
        try await h.start()
        // The CRD schema refuses durations that do not parse; a zero duration passes it but grants nothing.
        let view = RoleReference(kind: "ClusterRole", name: "view")
        try await h.create(AccessRequest.fixture(name: "bad", role: view, duration: "0s"))
        try await h.create(AccessRequest.fixture(name: "good", role: view, duration: "10m"))
        let rejected = try await h.waitFor("bad", phase: .rejected)
        #expect(
            rejected.status?.message == "spec.duration: \"0s\" is too short: must be at least 1s",
            "\(rejected.status?.message ?? "")")
        try await h.waitFor("good", phase: .active)
        #expect(try await h.events(about: "bad").contains { $0.reason == "Rejected" && $0.type == .warning })
        await h.stop()
    }

    @Test func aRoleThatCoversAForbiddenRuleIsRejectedWithTheRuleItGrants() async throws {
        let forbidden = [
            PolicyRule(verbs: ["create"], apiGroups: ["rbac.authorization.k8s.io"], resources: ["rolebindings"])
        ]
        let h = try await ControllerHarness(
            policies: [
                .fixture(
                    roles: [.init(kind: "ClusterRole", name: "admin"), .init(kind: "ClusterRole", name: "edit")],
                    required: 0, approverGroups: nil, forbiddenRules: forbidden)
            ],
            configureAdmission: { $0.policies = nil })
        try await h.start()
        try await h.create(AccessRequest.fixture(name: "too-much", role: .init(kind: "ClusterRole", name: "admin")))
        try await h.create(AccessRequest.fixture(name: "enough"))
        let rejected = try await h.waitFor("too-much", phase: .rejected)
        #expect(
            rejected.status?.message?.contains("ClusterRole/admin is forbidden by") == true,
            "\(rejected.status?.message ?? "")")
        #expect(try await h.binding(of: "too-much") == nil)
        try await h.waitFor("enough", phase: .active)
        await h.stop()
    }

    @Test func deletingAnActiveRequestRevokesItsBindingThroughTheFinalizer() async throws {
        let h = try await ControllerHarness(policies: [.fixture(required: 0, approverGroups: nil)])
        try await h.start()
        try await h.create(AccessRequest.fixture(name: "gone"))
        try await h.waitFor("gone", phase: .active)
        #expect(try await h.binding(of: "gone") != nil)
        try await h.emulator.client("alice").delete(AccessRequest.self, name: "gone", namespace: "demo")
        try await h.eventually("the request is gone") {
            try await h.emulator.client("admin").getIfPresent(AccessRequest.self, name: "gone", namespace: "demo")
                == nil
                ? true : nil
        }
        #expect(try await h.binding(of: "gone") == nil)
        #expect(h.audit.records.last?.action == .revoked)
        await h.stop()
    }
}

/// What `config/rbac` and `--namespace` promise, against the emulator's RBAC.
@Suite struct ControllerScopeTests {
    @Test func aControllerWatchingOneNamespaceLeavesRequestsElsewhereAlone() async throws {
        let h = try await ControllerHarness(policies: [
            .fixture(namespaces: ["demo", "other"], required: 0, approverGroups: nil)
        ])
        try await h.emulator.apply(yaml: "apiVersion: v1\nkind: Namespace\nmetadata: {name: other}")
        try await h.start(namespace: "demo")
        try await h.create(AccessRequest.fixture(name: "elsewhere", namespace: "other"))
        try await h.create(AccessRequest.fixture(name: "here"))
        try await h.waitFor("here", phase: .active)
        #expect(try await h.request("elsewhere", namespace: "other").status == nil)
        #expect(try await h.binding(of: "elsewhere", namespace: "other") == nil)
        await h.stop()
    }

    @Test func aControllerWatchingOneNamespaceLeavesClusterAccessRequestsAlone() async throws {
        let h = try await ControllerHarness(policies: [
            .fixture(required: 0, approverGroups: nil),
            AccessPolicy.fixture(name: "cluster-edit", required: 0, approverGroups: nil).clusterScoped(),
        ])
        try await h.start(namespace: "demo")
        try await h.createClusterWide(AccessRequest.fixture(name: "wide"))
        try await h.create(AccessRequest.fixture(name: "here"))
        try await h.waitFor("here", phase: .active)
        try await h.settled()
        #expect(try await h.clusterRequest("wide")?.status == nil)
        #expect(try await h.clusterBinding(of: "wide") == nil)
        await h.stop()
    }

    /// drawbridge-requester aggregates into every namespace's `edit`: one policy write or one Secret
    /// read in it would hand every editor the guardrails or the signing key (docs/security.md).
    @Test func theUserRolesGrantNoPolicyWritesNoSecretsAndNothingThatEscalates() throws {
        let roles = try YAMLJSON.documents(in: try PackageRoot.text("config/rbac/user_roles.yaml"))
            .filter { $0["kind"] == "ClusterRole" }
            .map { try $0.decode(as: ClusterRole.self) }
        #expect(
            Set(roles.compactMap(\.metadata.name)) == [
                "drawbridge-requester", "drawbridge-approver", "drawbridge-viewer", "drawbridge-cluster-requester",
            ])
        // Asking for cluster-wide access is never part of a namespace's edit or admin role.
        let clusterRequester = try #require(roles.first { $0.metadata.name == "drawbridge-cluster-requester" })
        #expect(
            (clusterRequester.metadata.labels ?? [:]).keys.allSatisfy {
                !$0.hasPrefix("rbac.authorization.k8s.io/aggregate-to")
            })
        let writes: Set<String> = ["create", "update", "patch", "delete", "deletecollection", "*"]
        for role in roles {
            for rule in role.rules {
                let resources = Set(rule.resources ?? [])
                let verbs = Set(rule.verbs)
                if !resources.isDisjoint(with: ["accesspolicies", "*"]) {
                    #expect(verbs.isDisjoint(with: writes), "\(role.metadata.name ?? ""): \(rule)")
                }
                #expect(
                    resources.isDisjoint(with: [
                        "secrets", "roles", "clusterroles", "rolebindings", "clusterrolebindings", "*",
                    ]), "\(role.metadata.name ?? ""): \(rule)")
                #expect(
                    verbs.isDisjoint(with: ["bind", "escalate", "impersonate", "*"]),
                    "\(role.metadata.name ?? ""): \(rule)")
            }
        }
    }

    @Test func theUserRolesAggregateIntoViewAndEditAsTheREADMESays() async throws {
        let h = try await EmulatorHarness.withAdmissionWebhook(configure: { $0.policies = nil })
        let frank = h.client("frank")
        await #expect(throws: APIError.self) { try await frank.list(AccessRequest.self, namespace: "demo") }
        try await h.apply(
            yaml: """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: frank-view, namespace: demo}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
                subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: frank}]
                """)
        #expect(
            try await frank.list(AccessRequest.self, namespace: "demo").items.isEmpty,
            "drawbridge-viewer is part of view")
        await #expect(throws: APIError.self) { try await frank.create(AccessRequest.fixture(name: "f", requester: "")) }
        try await h.apply(
            yaml: """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: frank-edit, namespace: demo}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
                subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: frank}]
                """)
        var request = AccessRequest.fixture(name: "f", requester: "")
        request.metadata.uid = nil
        request.metadata.resourceVersion = nil
        request.metadata.creationTimestamp = nil
        let created = try await frank.create(request)
        #expect(created.spec.requester?.username == "frank", "drawbridge-requester is part of edit")
    }
}
