import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import Testing

/// The binding a table row observes, built from the row's request so "current" really is what the
/// grant needs.
enum BindingFixture: Sendable {
    /// No binding exists.
    case absent
    /// The binding the grant needs (approved by bob, or nobody for break-glass), as the controller made it.
    case current
    /// That binding with its subject changed to someone else.
    case drifted
    /// That binding with its expires-at annotation set to `seconds` after t0.
    case expiringAt(Double)
    /// The binding could not be read.
    case unknown
    /// That binding without its `drawbridge.dev/expiry` label (made by an earlier version).
    case withoutExpiryLabel

    func observed(for request: AccessRequest) -> ObservedBinding {
        let approvers = request.spec.breakGlass == true ? [] : ["bob"]
        guard var binding = GrantBinding.desiredBinding(for: request, approvedBy: approvers) else {
            if case .unknown = self { return .unknown }
            if case .absent = self { return .absent }
            var stray = RoleBinding(
                metadata: ObjectMeta(
                    name: GrantBinding.bindingName(for: request), namespace: request.metadata.namespace),
                subjects: [Subject(kind: .user, name: "alice")], roleRef: RoleRef(kind: "ClusterRole", name: "edit"))
            stray.metadata.uid = "uid-binding"
            stray.metadata.resourceVersion = "7"
            return .present(stray)
        }
        binding.metadata.uid = "uid-binding"
        binding.metadata.resourceVersion = "7"
        switch self {
        case .absent: return .absent
        case .unknown: return .unknown
        case .current: return .present(binding)
        case .drifted:
            binding.subjects = [Subject(kind: .user, name: "mallory")]
            return .present(binding)
        case .expiringAt(let seconds):
            binding.metadata.annotations?[Drawbridge.Keys.expiresAt] = KubeTime(Fixtures.at(seconds)).description
            return .present(binding)
        case .withoutExpiryLabel:
            binding.metadata.labels?[Drawbridge.Keys.expiryLabel] = nil
            return .present(binding)
        }
    }
}

/// A write reduced to its kind, for table rows.
enum WriteKind: String, Sendable, CustomStringConvertible {
    case deleteBinding, addFinalizer, ensureBinding, removeFinalizer, rejectUnreadable

    init(_ write: PlanWrite) {
        switch write {
        case .deleteBinding: self = .deleteBinding
        case .addFinalizer: self = .addFinalizer
        case .ensureBinding: self = .ensureBinding
        case .removeFinalizer: self = .removeFinalizer
        case .rejectUnreadable: self = .rejectUnreadable
        }
    }

    var description: String { rawValue }
}

/// One row of a plan table: a situation and everything the plan must say about it.
struct PlanCase: Sendable, CustomTestStringConvertible {
    var name: String
    var request: AccessRequest
    var policies: [AccessPolicy] = [.fixture()]
    var binding: BindingFixture = .absent
    var now: Double = 120
    /// The phase after the plan (the written status's, or the unchanged one's).
    var phase: AccessRequestPhase?
    var writes: [WriteKind] = []
    /// The audit actions, in order; the Events carry the same reasons.
    var records: [AuditAction] = []
    var message: String?
    /// `.none`: not checked; `.some(nil)`: no requeue; `.some(t)`: requeue at t0 + t.
    var requeue: Double?? = .none
    /// The requester's other requests, as the gatherer supplies them for a new request.
    var others: [RequestSummary] = []
    /// The controller's defaults for what policies leave out.
    var defaults = PolicyDefaults()

    var testDescription: String { name }

    func input(
        authentic: @escaping @Sendable (ApprovalRecord) -> Bool = Fixtures.trustAll, requesterAuthentic: Bool = true
    )
        -> PlanInput
    {
        var input = PlanInput(
            request: .present(request), binding: binding.observed(for: request),
            policies: PolicySet(policies, defaults: defaults),
            now: Fixtures.at(now), isAuthentic: authentic, isRequesterAuthentic: requesterAuthentic)
        input.requesterRequests = others
        return input
    }

    func run() -> Plan { AccessRequestPlanner.plan(input()) }

    /// The status the request has once `plan` is carried out.
    func after(_ plan: Plan) -> AccessRequestStatus? { plan.status ?? request.status }

    /// Plans this row and checks everything it states: phase, writes, records, one Event per record,
    /// and the message and requeue when given. The table tests of every transition family use it.
    func expectPlanMatches(sourceLocation: SourceLocation = #_sourceLocation) {
        let plan = run()
        #expect(after(plan)?.phase == phase, sourceLocation: sourceLocation)
        #expect(plan.writeKinds == writes, sourceLocation: sourceLocation)
        #expect(plan.actions == records, sourceLocation: sourceLocation)
        #expect(plan.events.map(\.reason) == records.map(EventReason.audit), sourceLocation: sourceLocation)
        if let message { #expect(after(plan)?.message == message, sourceLocation: sourceLocation) }
        if case .some(let next) = requeue {
            #expect(plan.requeueAt == next.map(Fixtures.at), sourceLocation: sourceLocation)
        }
    }
}

extension AccessPolicy {
    /// The fixture policy with auto-approval.
    static var autoApprove: AccessPolicy { .fixture(name: "auto-view", required: 0) }
}

extension Plan {
    /// The audit actions, in order.
    var actions: [AuditAction] { audit.map(\.action) }
    /// The kinds of the writes, in order.
    var writeKinds: [WriteKind] { writes.map(WriteKind.init) }
}
