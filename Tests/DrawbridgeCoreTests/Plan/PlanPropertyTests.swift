import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

/// The rule under test, restated independently of `ApprovalTally`: distinct users, not the
/// requester, who are approvers (by name or by a group recorded with their review), approving no
/// later than the deadline.
private func qualifyingApprovers(_ records: [ApprovalRecord], deadline: Date) -> Set<String> {
    Set(
        records.filter { record in
            record.decision == .approve && record.user != "alice" && record.time.date <= deadline
                && (record.user == "erin" || (record.groups ?? []).contains("sre"))
        }.map(\.user))
}

@Suite("Plan properties")
struct PlanPropertyTests {
    static let reviewers = ["alice", "bob", "carol", "dave", "erin", "mallory"]
    static let groupChoices: [[String]] = [["sre"], ["developers"], [], ["developers", "sre"]]

    /// Runs random review sequences through the planner, carrying out each plan as the controller
    /// would (binding writes succeed or fail at random), and checks the properties after every pass.
    @Test("No sequence of reviews grants without enough distinct non-requester approvals, or moves a terminal phase")
    func neverGrantedWithoutEnoughApprovals() {
        var granted = 0
        for seed in UInt64(1)...1500 {
            var rng = SeededRandom(seed: seed)
            let required = Int.random(in: 0...3, using: &rng)
            let policy = AccessPolicy.fixture(required: required, approverUsers: ["erin"], approverGroups: ["sre"])
            let policies = PolicySet([policy])
            var request = AccessRequest.fixture()
            var binding: RoleBinding?
            var clock = 0.0
            var terminal: AccessRequestPhase?
            for _ in 0..<14 {
                clock += Double(Int.random(in: 0...400, using: &rng))
                if Bool.random(using: &rng) {
                    let user = Self.reviewers.randomElement(using: &rng) ?? "bob"
                    let groups = Self.groupChoices.randomElement(using: &rng) ?? []
                    let decision: ReviewDecision =
                        Int.random(in: 0..<10, using: &rng) < 8
                        ? .approve : (Bool.random(using: &rng) ? .deny : .revoke)
                    RequestChange.record(user, groups, decision, at: clock).apply(&request)
                    continue
                }
                let before = request.status?.phase
                let plan = AccessRequestPlanner.plan(
                    PlanInput(
                        request: .present(request), binding: binding.map(ObservedBinding.present) ?? .absent,
                        policies: policies, now: Fixtures.at(clock), isAuthentic: Fixtures.trustAll,
                        isRequesterAuthentic: true))
                // Carry it out: a binding write may fail (the status is then not written either).
                var failed = false
                for write in plan.writes {
                    switch write {
                    case .deleteBinding: binding = nil
                    case .ensureBinding(let desired, _):
                        if Int.random(in: 0..<5, using: &rng) == 0 { failed = true } else { binding = desired }
                    case .addFinalizer: request.metadata.finalizers = [Drawbridge.Keys.finalizer]
                    case .removeFinalizer: request.metadata.finalizers = nil
                    case .rejectUnreadable: Issue.record("seed \(seed): a readable request planned as unreadable")
                    }
                    if failed { break }
                }
                if failed { continue }
                let after = (plan.status ?? request.status)?.phase
                if let terminal {
                    #expect(
                        after == terminal, "seed \(seed): terminal \(terminal) moved to \(String(describing: after))")
                    #expect(
                        !plan.writes.contains { if case .ensureBinding = $0 { true } else { false } },
                        "seed \(seed): a terminal phase made a binding")
                }
                if (after == .approved || after == .active) && before != .approved && before != .active {
                    let deadline = Fixtures.at(1800)
                    let approvers = qualifyingApprovers(request.status?.approvals ?? [], deadline: deadline)
                    #expect(
                        approvers.count >= required,
                        "seed \(seed): \(String(describing: after)) with \(approvers.sorted()) of \(required)")
                    granted += 1
                }
                if after == .active { #expect(binding != nil, "seed \(seed): Active without a binding") }
                if let after, after.isTerminal {
                    terminal = after
                    #expect(binding == nil, "seed \(seed): \(after) left a binding")
                }
                if let status = plan.status { request.status = status }
            }
        }
        // The generator must actually exercise grants, or the property proves nothing.
        #expect(granted > 300)
    }
}
