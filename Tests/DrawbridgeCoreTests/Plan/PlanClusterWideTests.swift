import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

/// developers-edit with scope Cluster: developers may ask for ClusterRole edit cluster-wide.
private let clusterPolicy = AccessPolicy.fixture(name: "developers-edit-cluster").clusterScoped()
/// A namespaced policy that covers every namespace: it must never reach cluster-wide.
private let everyNamespace = AccessPolicy.fixture(name: "developers-edit-everywhere", namespaces: ["*"])

/// alice's ClusterAccessRequest for ClusterRole edit.
private func clusterRequest(role: RoleReference = .init(kind: "ClusterRole", name: "edit"), _ changes: RequestChange...)
    -> AccessRequest
{
    var request = AccessRequest.fixture(role: role, .clusterWide())
    for change in changes { change.apply(&request) }
    return request
}

private let activeMessage = "ClusterRole/edit is bound to User \"alice\" cluster-wide until 2027-01-15T08:32:00Z."

private let clusterCases: [PlanCase] = [
    PlanCase(
        name: "A new ClusterAccessRequest under a Cluster policy waits for approval",
        request: clusterRequest(), policies: [clusterPolicy], phase: .pending, records: [.requested],
        message: "Waiting for approval from group sre: 0 of 1; times out at 2027-01-15T08:30:00Z.", requeue: 1800),
    PlanCase(
        name: "A namespaced policy never governs a ClusterAccessRequest, not even one for every namespace",
        request: clusterRequest(), policies: [.fixture(), everyNamespace], phase: .rejected, records: [.rejected],
        message: "no AccessPolicy allows User \"alice\" to request ClusterRole/edit cluster-wide"),
    PlanCase(
        name: "A Cluster policy never governs a namespaced AccessRequest",
        request: .fixture(), policies: [clusterPolicy], phase: .rejected, records: [.rejected],
        message: "no AccessPolicy allows User \"alice\" to request ClusterRole/edit in namespace \"demo\""),
    PlanCase(
        name: "A ClusterAccessRequest for a Role is rejected: a ClusterRoleBinding binds only a ClusterRole",
        request: clusterRequest(role: .init(kind: "Role", name: "edit")), policies: [clusterPolicy],
        phase: .rejected, records: [.rejected],
        message:
            "spec.role.kind: Unsupported value \"Role\": supported values: \"ClusterRole\" (a ClusterAccessRequest is granted through a ClusterRoleBinding)"
    ),
    PlanCase(
        name: "An approval grants it: the ClusterRoleBinding, then Active",
        request: clusterRequest(.phase(.pending), .approvedBy("bob")), policies: [clusterPolicy], phase: .active,
        writes: [.addFinalizer, .ensureBinding], records: [.approved, .granted], message: activeMessage,
        requeue: 1920),
    PlanCase(
        name: "A deleted ClusterRoleBinding of a live grant is restored and recorded as tamper",
        request: clusterRequest(.phase(.active)), policies: [clusterPolicy], binding: .absent, now: 600,
        phase: .active, writes: [.ensureBinding], records: [.tamperReverted]),
    PlanCase(
        name: "An edited ClusterRoleBinding of a live grant is reverted and recorded as tamper",
        request: clusterRequest(.phase(.active)), policies: [clusterPolicy], binding: .drifted, now: 600,
        phase: .active, writes: [.ensureBinding], records: [.tamperReverted]),
    PlanCase(
        name: "A cluster-wide grant expires at expiresAt: ClusterRoleBinding deleted, finalizer released",
        request: clusterRequest(.phase(.active)), policies: [clusterPolicy], binding: .current, now: 1920,
        phase: .expired, writes: [.deleteBinding, .removeFinalizer], records: [.expired],
        message:
            "Access to ClusterRole/edit cluster-wide expired at 2027-01-15T08:32:00Z; ClusterRoleBinding drawbridge-alice-edit removed.",
        requeue: .some(nil)),
    PlanCase(
        name: "A cluster-wide grant whose Cluster policy goes is revoked",
        request: clusterRequest(.phase(.active)), policies: [.fixture()], binding: .current, now: 600,
        phase: .revoked, writes: [.deleteBinding, .removeFinalizer], records: [.revoked],
        message:
            "Revoked because no AccessPolicy allows this grant any more: no AccessPolicy allows User \"alice\" to request ClusterRole/edit cluster-wide."
    ),
]

@Suite("Plan: cluster-wide grants (ClusterAccessRequest)")
struct PlanClusterWideTests {
    @Test("Each cluster-wide transition plans the expected status, writes and records", arguments: clusterCases)
    func transition(_ row: PlanCase) {
        row.expectPlanMatches()
    }

    @Test("The grant is a ClusterRoleBinding: no namespace, owned by the ClusterAccessRequest")
    func bindingIsClusterWide() throws {
        let row = clusterCases[4]
        let plan = row.run()
        let desired = try #require(
            plan.writes.compactMap { write -> RoleBinding? in
                if case .ensureBinding(let desired, _) = write { return desired }
                return nil
            }.first)
        #expect(desired.metadata.namespace == nil)
        #expect(desired.isClusterWide)
        #expect(desired.metadata.ownerReferences?.map(\.kind) == ["ClusterAccessRequest"])
        #expect(desired.roleRef == RoleRef(kind: "ClusterRole", name: "edit"))
        #expect(plan.status?.roleBinding == "drawbridge-alice-edit")
    }

    @Test("Expiry deletes the ClusterRoleBinding by name without a namespace, with its uid as precondition")
    func expiryDeletesClusterBinding() {
        let plan = clusterCases[7].run()
        #expect(plan.writes.first == .deleteBinding(name: "drawbridge-alice-edit", namespace: nil, uid: "uid-binding"))
    }

    @Test("Events point at the ClusterAccessRequest and audit records name its kind")
    func recordsNameTheKind() {
        let plan = clusterCases[4].run()
        #expect(!plan.events.isEmpty)
        #expect(plan.events.allSatisfy { $0.regarding.kind == "ClusterAccessRequest" && $0.regarding.namespace == nil })
        #expect(plan.audit.allSatisfy { $0.request.kind == "ClusterAccessRequest" && $0.request.namespace.isEmpty })
        #expect(
            plan.audit.last?.message
                == "ClusterRole/edit bound to User \"alice\" cluster-wide until 2027-01-15T08:32:00Z (ClusterRoleBinding drawbridge-alice-edit)."
        )
    }

    @Test("A namespaced request's records keep their shape: no kind, namespace set")
    func namespacedRecordsUnchanged() {
        let plan = PlanCase(name: "", request: .fixture(.phase(.pending), .approvedBy("bob"))).run()
        #expect(plan.audit.allSatisfy { $0.request.kind == nil && $0.request.namespace == "demo" })
        #expect(plan.events.allSatisfy { $0.regarding.kind == "AccessRequest" })
    }

    @Test("A ClusterRoleBinding left behind by a deleted ClusterAccessRequest is removed")
    func orphanClusterBinding() {
        var stray = RoleBinding(
            metadata: ObjectMeta(name: "drawbridge-alice-edit"), subjects: [Subject(kind: .user, name: "alice")],
            roleRef: RoleRef(kind: "ClusterRole", name: "edit"))
        stray.metadata.uid = "uid-stray"
        stray.metadata.annotations = [Drawbridge.Keys.requestUID: "uid-alice-edit"]
        let key = ObjectKey(namespace: nil, name: "alice-edit")
        let plan = AccessRequestPlanner.plan(
            PlanInput(
                request: .absent(key, strays: [stray]), policies: PolicySet([]), now: Fixtures.at(600),
                isAuthentic: Fixtures.trustAll, isRequesterAuthentic: false))
        #expect(plan.writes == [.deleteBinding(name: "drawbridge-alice-edit", namespace: nil, uid: "uid-stray")])
        #expect(
            plan.audit.map(\.message) == [
                "ClusterRoleBinding drawbridge-alice-edit removed: no live grant of ClusterAccessRequest alice-edit needs it."
            ])
        #expect(plan.events.first?.regarding.kind == "ClusterRoleBinding")
        #expect(plan.audit.first?.request.kind == "ClusterAccessRequest")
    }
}

/// A binding of the grant's name that Drawbridge did not make is never updated or deleted: a
/// request named after someone else's binding (the controller's own ClusterRoleBinding
/// `drawbridge-controller`, say) gets nothing instead of taking it over.
@Suite("Plan: a binding name someone else holds")
struct PlanForeignBindingTests {
    static let foreign: RoleBinding = {
        var binding = RoleBinding(
            metadata: ObjectMeta(name: "drawbridge-controller"),
            subjects: [Subject(kind: .serviceAccount, name: "drawbridge-controller", namespace: "drawbridge-system")],
            roleRef: RoleRef(kind: "ClusterRole", name: "drawbridge-controller"))
        binding.metadata.uid = "uid-foreign"
        return binding
    }()

    static func plan(_ request: AccessRequest, now: Double = 120) -> Plan {
        AccessRequestPlanner.plan(
            PlanInput(
                request: .present(request), binding: .foreign(foreign), policies: PolicySet([clusterPolicy]),
                now: Fixtures.at(now), isAuthentic: Fixtures.trustAll, isRequesterAuthentic: true))
    }

    @Test("Approved, it stays Approved and says why; nothing is written to the binding")
    func approvedGetsNothing() {
        let plan = Self.plan(
            AccessRequest.fixture(name: "controller", .phase(.pending), .approvedBy("bob"), .clusterWide()))
        #expect(plan.status?.phase == .approved)
        #expect(plan.writes.isEmpty)
        #expect(
            plan.status?.message
                == "Approved, but ClusterRoleBinding drawbridge-controller already exists and was not made by Drawbridge: it is left alone and nothing is granted. Delete this request and ask again under another name."
        )
        #expect(plan.events.map(\.reason).contains(.bindingNameTaken))
    }

    @Test("Ending, deleted or tampered with, the foreign binding is never deleted or rewritten")
    func neverTouched() {
        let active = AccessRequest.fixture(name: "controller", .phase(.active), .clusterWide())
        let expired = Self.plan(active, now: 1920)
        #expect(expired.status?.phase == .expired)
        #expect(!expired.writes.contains { if case .deleteBinding = $0 { true } else { false } })
        let repaired = Self.plan(active, now: 600)
        #expect(repaired.writes.isEmpty)
        #expect(repaired.status?.conditions?[type: .granted]?.reason == "BindingNameTaken")
        let deleted = Self.plan(AccessRequest.fixture(name: "controller", .phase(.active), .clusterWide(), .deleted()))
        #expect(deleted.writes == [.removeFinalizer])
    }

    @Test("Only a binding labelled as this request's grant counts as ours")
    func observe() {
        let request = AccessRequest.fixture(name: "controller", .clusterWide())
        #expect(ObservedBinding.observe(nil, for: request) == .absent)
        #expect(ObservedBinding.observe(Self.foreign, for: request) == .foreign(Self.foreign))
        var otherRequest = Self.foreign
        otherRequest.metadata.labels = [
            Drawbridge.Keys.managedBy: Drawbridge.Keys.managedByValue, Drawbridge.Keys.request: "someone-else",
        ]
        #expect(ObservedBinding.observe(otherRequest, for: request) == .foreign(otherRequest))
        var ours = Self.foreign
        ours.metadata.labels = [
            Drawbridge.Keys.managedBy: Drawbridge.Keys.managedByValue, Drawbridge.Keys.request: "controller",
        ]
        #expect(ObservedBinding.observe(ours, for: request) == .present(ours))
    }
}
