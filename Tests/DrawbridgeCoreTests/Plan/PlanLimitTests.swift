import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

/// developers-edit with `maxActivePerRequester` set.
private func limited(_ maximum: Int?) -> AccessPolicy {
    var policy = AccessPolicy.fixture()
    policy.spec.maxActivePerRequester = maximum
    return policy
}

/// Another request by `requester`, created `created` seconds after t0, in `phase`.
private func other(
    _ name: String, _ phase: AccessRequestPhase?, created: Double = -600, requester: String = "alice"
) -> RequestSummary {
    RequestSummary(
        kind: "AccessRequest", key: ObjectKey(namespace: "demo", name: name), uid: "uid-\(name)",
        requester: requester, createdAt: KubeTime(Fixtures.at(created)), phase: phase, breakGlass: false,
        grantedAt: nil)
}

private let limitCases: [PlanCase] = [
    PlanCase(
        name: "Under the policy's limit, a new request waits for approval as usual",
        request: .fixture(), policies: [limited(2)], phase: .pending, records: [.requested],
        others: [other("a", .active), other("old", .expired), other("bobs", .pending, requester: "bob")]),
    PlanCase(
        name: "At the policy's limit, a new request is rejected, naming the open ones",
        request: .fixture(), policies: [limited(2)], phase: .rejected, records: [.rejected],
        message:
            "alice already has 2 unfinished AccessRequest(s) (demo/a, demo/b); AccessPolicy \"developers-edit\" allows at most 2 at once per requester: revoke one or let it end first",
        others: [other("a", .active), other("b", .pending), other("old", .revoked)]),
    PlanCase(
        name: "An undecided request created earlier counts; one created later does not (the earlier wins)",
        request: .fixture(), policies: [limited(1)], phase: .rejected, records: [.rejected],
        message:
            "alice already has 1 unfinished AccessRequest(s) (demo/earlier); AccessPolicy \"developers-edit\" allows at most 1 at once per requester: revoke one or let it end first",
        others: [other("earlier", nil, created: -5), other("later", nil, created: 5)]),
    PlanCase(
        name: "Created in the same second, the name decides which one counts",
        request: .fixture(), policies: [limited(1)], phase: .pending, records: [.requested],
        others: [other("bob-edit", nil, created: 0)]),
    PlanCase(
        name: "Without a policy limit, the cluster default applies",
        request: .fixture(), policies: [limited(nil)], phase: .rejected, records: [.rejected],
        message:
            "alice already has 1 unfinished AccessRequest(s) (demo/a); the cluster default (--max-active-per-requester) allows at most 1 at once per requester: revoke one or let it end first",
        others: [other("a", .approved)], defaults: PolicyDefaults(maxActivePerRequester: 1)),
    PlanCase(
        name: "The policy's own limit wins over the cluster default",
        request: .fixture(), policies: [limited(3)], phase: .pending, records: [.requested],
        others: [other("a", .active), other("b", .active)], defaults: PolicyDefaults(maxActivePerRequester: 1)),
    PlanCase(
        name: "A request already decided is never judged against the limit again",
        request: .fixture(.phase(.pending)), policies: [limited(1)], phase: .pending,
        others: [other("a", .active)]),
]

@Suite("Plan: limits on unfinished requests")
struct PlanLimitTests {
    @Test("Each situation yields the expected phase, writes, records and message", arguments: limitCases)
    func transition(_ row: PlanCase) {
        let plan = row.run()
        #expect(row.after(plan)?.phase == row.phase)
        #expect(plan.writeKinds == row.writes)
        #expect(plan.actions == row.records)
        if let message = row.message { #expect(row.after(plan)?.message == message) }
    }

    @Test("The rejection's reason, on the Approved condition, is TooManyActiveRequests")
    func reason() throws {
        let plan = try #require(limitCases.first { $0.phase == .rejected }).run()
        #expect(plan.status?.conditions?[type: .approved]?.reason == "TooManyActiveRequests")
    }

    @Test("A limit below 1 makes the policy invalid")
    func invalidLimit() {
        let set = PolicySet([limited(0)])
        #expect(
            set.invalid.map(\.description) == [
                "AccessPolicy \"developers-edit\" is invalid: spec.maxActivePerRequester: must be at least 1, not 0"
            ])
    }

    @Test("The verdict at admission names the policy, what it needs and its limits")
    func admissionVerdict() throws {
        var policy = limited(2)
        policy.spec.extension = ExtensionSettings(
            maxTotal: "2h", maxExtensions: 2, approval: ApprovalSettings(required: 1))
        let input = PolicyInput(
            requester: UserIdentity(username: "alice", groups: ["developers"]), namespace: "demo",
            role: RoleReference(kind: "ClusterRole", name: "edit"), duration: "30m")
        guard case .allowed(let terms) = PolicyEngine.evaluate(input, policies: [policy]) else {
            Issue.record("not allowed")
            return
        }
        #expect(
            AdmissionVerdict.text(terms, role: input.role)
                == "governed by developers-edit: ClusterRole/edit for 30m (at most 1h), needs 1 approval from group sre within 30m; extendable to 2h in all (2 time(s) at most); at most 2 unfinished request(s) per requester"
        )
        var glass = input
        glass.breakGlass = true
        guard case .allowed(let breakGlass) = PolicyEngine.evaluate(glass, policies: [limited(nil).breakingGlass()])
        else {
            Issue.record("break-glass not allowed")
            return
        }
        #expect(
            AdmissionVerdict.text(breakGlass, role: input.role)
                == "governed by developers-edit: ClusterRole/edit for 30m (at most 1h), break-glass: granted at once without approval, and group sre must ratify or reject it within 24h"
        )
        guard case .allowed(let auto) = PolicyEngine.evaluate(input, policies: [AccessPolicy.autoApprove]) else {
            Issue.record("auto not allowed")
            return
        }
        #expect(
            AdmissionVerdict.text(auto, role: input.role)
                == "governed by auto-view: ClusterRole/edit for 30m (at most 1h), auto-approved")
    }
}
