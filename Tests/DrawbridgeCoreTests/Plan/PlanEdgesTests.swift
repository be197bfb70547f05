import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

/// What the planner decides besides the phase table: deletion, orphans, unreadable requests, a
/// refused binding, the order of the steps, the finalizer, and stable audit ids.
@Suite("Plan: deletion, orphans, tamper, order")
struct PlanEdgesTests {
    static func plan(_ request: PlanInput.Request, binding: ObservedBinding = .absent, now: Double = 600) -> Plan {
        AccessRequestPlanner.plan(
            PlanInput(
                request: request, binding: binding, policies: PolicySet([.fixture()]), now: Fixtures.at(now),
                isAuthentic: Fixtures.trustAll, isRequesterAuthentic: true))
    }

    @Test("Deleting an active request revokes its binding, records it, then releases the finalizer")
    func deletionOfAGrant() throws {
        let request = AccessRequest.fixture(.phase(.active), .deleted(at: 600))
        let binding = BindingFixture.current.observed(for: request)
        let plan = Self.plan(.present(request), binding: binding)
        #expect(plan.status == nil, "a request being deleted gets no status write")
        #expect(
            plan.writes == [
                .deleteBinding(name: "drawbridge-alice-edit", namespace: "demo", uid: "uid-binding"), .removeFinalizer,
            ])
        #expect(plan.actions == [.revoked])
        #expect(plan.audit.first?.message == "Request deleted; RoleBinding drawbridge-alice-edit removed.")
        #expect(plan.events.map(\.reason) == [.audit(.revoked)])
    }

    @Test("Deleting a request that was never granted only releases the finalizer; without one nothing is done")
    func deletionWithoutAGrant() {
        let pending = AccessRequest.fixture(.phase(.pending), .finalizer(), .deleted())
        #expect(Self.plan(.present(pending)).writes == [.removeFinalizer])
        #expect(Self.plan(.present(pending)).audit.isEmpty)
        let bare = AccessRequest.fixture(.phase(.active), .finalizer(false), .deleted())
        #expect(Self.plan(.present(bare), binding: BindingFixture.current.observed(for: bare)).isEmpty)
    }

    @Test("Bindings whose request is gone are deleted with a uid precondition and recorded as orphans")
    func orphans() {
        func stray(_ name: String, uid: String) -> RoleBinding {
            var binding = RoleBinding(
                metadata: ObjectMeta(name: name, namespace: "demo"), subjects: [Subject(kind: .user, name: "alice")],
                roleRef: RoleRef(kind: "ClusterRole", name: "edit"))
            binding.metadata.uid = uid
            binding.metadata.annotations = [Drawbridge.Keys.requestUID: "uid-ghost"]
            return binding
        }
        let plan = Self.plan(
            .absent("demo/ghost", strays: [stray("drawbridge-ghost", uid: "b1"), stray("old-ghost", uid: "b2")]))
        #expect(
            plan.writes == [
                .deleteBinding(name: "drawbridge-ghost", namespace: "demo", uid: "b1"),
                .deleteBinding(name: "old-ghost", namespace: "demo", uid: "b2"),
            ])
        #expect(plan.actions == [.orphanRemoved, .orphanRemoved])
        #expect(
            plan.audit.first?.message
                == "RoleBinding drawbridge-ghost removed: no live grant of AccessRequest demo/ghost needs it.")
        #expect(plan.audit.map(\.request.uid) == ["uid-ghost", "uid-ghost"])
        #expect(plan.events.map(\.regarding.name) == ["drawbridge-ghost", "old-ghost"])
        #expect(Self.plan(.absent("demo/ghost", strays: [])).isEmpty)
    }

    @Test("A request that does not decode is rejected once with the reason, and left alone after")
    func unreadable() {
        let broken = UnreadableRequest(key: "demo/bad", uid: "u", phase: nil, error: "spec.role: Required value")
        let plan = Self.plan(.unreadable(broken))
        let message = "The request could not be read: spec.role: Required value"
        #expect(plan.writes == [.rejectUnreadable("demo/bad", message: message)])
        #expect(plan.actions == [.rejected])
        #expect(plan.events.map(\.reason) == [.unreadable])
        #expect(plan.events.first?.type == .warning)
        var answered = broken
        answered.phase = "Rejected"
        #expect(Self.plan(.unreadable(answered)).isEmpty)
    }

    @Test("A binding the API server refused leaves the request Approved, saying why, with a warning")
    func refusedBinding() throws {
        let request = AccessRequest.fixture(.phase(.pending), .approvedBy("bob"))
        var input = PlanCase(name: "", request: request).input()
        input.bindingRefusal = "rolebindings.rbac.authorization.k8s.io is forbidden"
        let plan = AccessRequestPlanner.plan(input)
        let status = try #require(plan.status)
        #expect(status.phase == .approved)
        #expect(!plan.writes.contains { if case .ensureBinding = $0 { true } else { false } })
        #expect(status.conditions?[type: .granted]?.reason == "BindingForbidden")
        #expect(status.message?.hasPrefix("Approved, but the controller may not create RoleBinding") == true)
        #expect(status.message?.hasSuffix("rolebindings.rbac.authorization.k8s.io is forbidden") == true)
        #expect(plan.events.map(\.reason) == [.bindingForbidden, .audit(.approved)])
        // Once the refusal is gone (the next attempt), the same request is granted.
        var approved = request
        approved.status = status
        approved.metadata.finalizers = plan.writes.contains(.addFinalizer) ? [Drawbridge.Keys.finalizer] : nil
        let next = PlanCase(name: "", request: approved, now: 130).run()
        #expect(next.status?.phase == .active)
        #expect(next.actions == [.granted])
    }

    @Test("Steps run in a safe order: revoke, prepare, records, status, Events, settle")
    func stepOrder() {
        let request = AccessRequest.fixture(.phase(.active))
        let plan = PlanCase(name: "", request: request, binding: .current, now: 1920).run()
        let kinds: [String] = plan.steps.map {
            switch $0 {
            case .write(let write): "write \(WriteKind(write))"
            case .audit(let record): "audit \(record.action.rawValue)"
            case .status(let status): "status \(status.phase?.rawValue ?? "")"
            case .event(let event): "event \(event.reason.rawValue)"
            }
        }
        #expect(
            kinds == [
                "write deleteBinding", "audit Expired", "status Expired", "event Expired", "write removeFinalizer",
            ])
        let granting = PlanCase(name: "", request: .fixture(.phase(.pending), .approvedBy("bob"))).run()
        #expect(
            granting.steps.prefix(4).map {
                if case .write(let write) = $0 {
                    "\(WriteKind(write))"
                } else if case .audit = $0 {
                    "audit"
                } else {
                    "other"
                }
            } == ["addFinalizer", "ensureBinding", "audit", "audit"])
    }

    @Test("An active grant whose finalizer was removed gets it back; a pending request gets none")
    func finalizerOnlyWhileABindingExists() {
        let stripped = AccessRequest.fixture(.phase(.active), .finalizer(false))
        #expect(PlanCase(name: "", request: stripped, binding: .current, now: 600).run().writes == [.addFinalizer])
        #expect(PlanCase(name: "", request: .fixture(.phase(.pending))).run().writes.isEmpty)
    }

    @Test("A grant revoked while its binding cannot be read is deleted by name, without a precondition")
    func unknownBindingRevoked() {
        let plan = PlanCase(name: "", request: .fixture(.phase(.active)), binding: .unknown, now: 1920).run()
        #expect(plan.writes.first == .deleteBinding(name: "drawbridge-alice-edit", namespace: "demo", uid: nil))
    }

    @Test("Audit ids are stable for the same transition, and Approved's does not depend on when it was planned")
    func stableIDs() {
        let request = AccessRequest.fixture(.phase(.pending), .approvedBy("bob"))
        let first = PlanCase(name: "", request: request, now: 120).run()
        let again = PlanCase(name: "", request: request, now: 120).run()
        let later = PlanCase(name: "", request: request, now: 125).run()
        #expect(first.audit.map(\.id) == again.audit.map(\.id))
        #expect(first.audit.first?.id == later.audit.first?.id, "the Approved record of a retried pass")
        #expect(Set(first.audit.map(\.id)).count == first.audit.count)
    }
}
