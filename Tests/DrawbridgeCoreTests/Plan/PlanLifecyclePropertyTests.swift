import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

/// Random review sequences against the lifecycle rules: whatever is asked, approved, denied or
/// forged, a grant never outlasts `extension.maxTotal` nor gets more than `maxExtensions`
/// extensions, and glass is never broken outside a policy that allows that requester to.
@Suite("Plan properties: extensions and break-glass")
struct PlanLifecyclePropertyTests {
    static let people = ["alice", "bob", "carol", "dave", "mallory"]
    static let groupChoices: [[String]] = [["sre"], ["developers"], [], ["developers", "sre"]]
    static let durations = ["5m", "15m", "30m", "45m", "1h", "2h"]

    /// Carries out `plan` on `request` and `binding` as the controller would.
    static func carryOut(_ plan: Plan, _ request: inout AccessRequest, _ binding: inout RoleBinding?) {
        for write in plan.writes {
            switch write {
            case .deleteBinding: binding = nil
            case .ensureBinding(let desired, _): binding = desired
            case .addFinalizer: request.metadata.finalizers = [Drawbridge.Keys.finalizer]
            case .removeFinalizer: request.metadata.finalizers = nil
            case .rejectUnreadable: break
            }
        }
        if let status = plan.status { request.status = status }
    }

    static func plan(_ request: AccessRequest, _ binding: RoleBinding?, _ policies: PolicySet, at clock: Double) -> Plan
    {
        AccessRequestPlanner.plan(
            PlanInput(
                request: .present(request), binding: binding.map(ObservedBinding.present) ?? .absent,
                policies: policies, now: Fixtures.at(clock), isAuthentic: Fixtures.trustAll,
                isRequesterAuthentic: true))
    }

    @Test("No sequence of reviews extends a grant beyond maxTotal or more than maxExtensions times")
    func extensionsStayWithinTheirLimits() {
        var extended = 0
        for seed in UInt64(1)...1200 {
            var rng = SeededRandom(seed: seed)
            let maxTotal = ["1h", "90m", "2h"].randomElement(using: &rng) ?? "1h"
            let maxExtensions = Int.random(in: 1...3, using: &rng)
            let policy = AccessPolicy.fixture(approverUsers: ["erin"]).extending(
                maxTotal: maxTotal, maxExtensions: maxExtensions, required: Int.random(in: 0...2, using: &rng),
                timeout: ["10m", "30m"].randomElement(using: &rng))
            let limit = (try? GoDuration.parse(maxTotal)) ?? .zero
            let policies = PolicySet([policy])
            var request = AccessRequest.fixture(.phase(.active))
            var binding = GrantBinding.desiredBinding(for: request, approvedBy: ["bob"])
            var clock = 120.0
            for _ in 0..<16 {
                clock += Double(Int.random(in: 0...300, using: &rng))
                if Int.random(in: 0..<3, using: &rng) < 2 {
                    let user = Self.people.randomElement(using: &rng) ?? "bob"
                    let groups = Self.groupChoices.randomElement(using: &rng) ?? []
                    let roll = Int.random(in: 0..<10, using: &rng)
                    let decision: ReviewDecision = roll < 4 ? .extend : roll < 8 ? .approve : roll < 9 ? .deny : .revoke
                    let duration = decision == .extend ? Self.durations.randomElement(using: &rng) : nil
                    let record = ApprovalRecord(
                        user: user, groups: groups, decision: decision, time: KubeTime(Fixtures.at(clock)),
                        duration: duration)
                    var status = request.status ?? AccessRequestStatus()
                    status.approvals = (status.approvals ?? []) + [record]
                    request.status = status
                    continue
                }
                Self.carryOut(Self.plan(request, binding, policies, at: clock), &request, &binding)
                guard let status = request.status, let grantedAt = status.grantedAt, let expiresAt = status.expiresAt
                else { continue }
                let length = Duration(timeInterval: expiresAt.date.timeIntervalSince(grantedAt.date))
                #expect(length <= limit, "seed \(seed): the grant lasts \(length), beyond \(maxTotal)")
                let count = (status.extensions ?? []).filter { $0.state == .extended }.count
                #expect(count <= maxExtensions, "seed \(seed): \(count) extensions of at most \(maxExtensions)")
                if status.phase == .active {
                    #expect(
                        binding?.metadata.annotations?[Drawbridge.Keys.expiresAt] == expiresAt.description,
                        "seed \(seed): the binding does not carry the grant's expiry")
                }
            }
            if (request.status?.extensions ?? []).contains(where: { $0.state == .extended }) { extended += 1 }
        }
        // The generator must reach extensions, or the property proves nothing.
        #expect(extended > 200)
    }

    @Test("No sequence of reviews grants break-glass outside a policy that lets that requester break glass there")
    func breakGlassOnlyWhereAllowed() {
        var granted = 0
        var refused = 0
        for seed in UInt64(1)...1200 {
            var rng = SeededRandom(seed: seed)
            // Each part of a policy is right for alice three times in four, so both outcomes are common.
            let policies = (0..<Int.random(in: 0...2, using: &rng)).map { index -> AccessPolicy in
                let edit = RoleReference(kind: "ClusterRole", name: "edit")
                let view = RoleReference(kind: "ClusterRole", name: "view")
                var policy = AccessPolicy.fixture(
                    name: "p\(index)",
                    namespaces: [["demo"], ["demo"], ["demo"], ["other"]].randomElement(using: &rng),
                    roles: [[edit], [edit], [edit, view], [view]].randomElement(using: &rng) ?? [edit])
                if Int.random(in: 0..<4, using: &rng) > 0 {
                    policy = policy.breakingGlass(
                        groups: [["developers"], ["developers", "sre"], ["developers"], ["sre"]]
                            .randomElement(using: &rng),
                        maxDuration: ["15m", "1h"].randomElement(using: &rng) ?? "1h")
                }
                return policy
            }
            let set = PolicySet(policies)
            let allowed = policies.contains { policy in
                let glass = policy.spec.breakGlass
                return glass?.requesters.groups?.contains("developers") == true
                    && policy.spec.namespaces?.names?.contains("demo") == true
                    && policy.spec.roles.contains(.init(kind: "ClusterRole", name: "edit"))
            }
            var request = AccessRequest.fixture(duration: ["10m", "30m", nil].randomElement(using: &rng) ?? nil)
            RequestChange.breakGlass().apply(&request)
            var binding: RoleBinding?
            var clock = 0.0
            for _ in 0..<8 {
                clock += Double(Int.random(in: 0...600, using: &rng))
                if Bool.random(using: &rng) {
                    let user = Self.people.randomElement(using: &rng) ?? "bob"
                    let decision =
                        [ReviewDecision.approve, .ratify, .reject, .revoke, .extend].randomElement(using: &rng)
                        ?? .approve
                    RequestChange.record(
                        user, Self.groupChoices.randomElement(using: &rng) ?? [], decision, at: clock
                    ).apply(&request)
                    continue
                }
                Self.carryOut(Self.plan(request, binding, set, at: clock), &request, &binding)
                let phase = request.status?.phase
                if phase == .active || phase == .approved || binding != nil {
                    #expect(allowed, "seed \(seed): break-glass granted with policies \(policies.map(\.spec))")
                }
            }
            if request.status?.grantedAt != nil { granted += 1 } else { refused += 1 }
        }
        // Both outcomes must be common, or the property proves nothing.
        #expect(granted > 150)
        #expect(refused > 150)
    }
}
