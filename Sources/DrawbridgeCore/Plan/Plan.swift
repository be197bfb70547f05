import DrawbridgeAPI
import Foundation

/// The planner's whole answer for one request: what to write, what to record and when to look
/// again. The reconciler carries out `steps` in order and decides nothing itself.
public struct Plan: Hashable, Sendable {
    /// The status to write through the status subresource; nil when it would not change.
    public var status: AccessRequestStatus?
    /// Binding and finalizer writes, in the order they must happen.
    public var writes: [PlanWrite]
    /// Audit records, written before the status that settles them (a crash repeats them, never
    /// loses them; their ids are stable).
    public var audit: [AuditRecord]
    /// Events, best effort: recorded (in the background) right after the status they describe.
    public var events: [PlannedEvent]
    /// When to reconcile again even if nothing changes (a deadline or an expiry); nil: on change only.
    public var requeueAt: Date?
    /// The phase change this plan makes, if any (for logs).
    public var transition: PhaseTransition?

    public init(
        status: AccessRequestStatus? = nil, writes: [PlanWrite] = [], audit: [AuditRecord] = [],
        events: [PlannedEvent] = [], requeueAt: Date? = nil, transition: PhaseTransition? = nil
    ) {
        self.status = status
        self.writes = writes
        self.audit = audit
        self.events = events
        self.requeueAt = requeueAt
        self.transition = transition
    }

    /// A plan that does nothing.
    public static let nothing = Plan()

    /// True when carrying the plan out writes nothing.
    public var isEmpty: Bool { status == nil && writes.isEmpty && audit.isEmpty && events.isEmpty }

    /// One thing to do.
    public enum Step: Hashable, Sendable {
        case write(PlanWrite)
        case audit(AuditRecord)
        case status(AccessRequestStatus)
        case event(PlannedEvent)
    }

    /// The order of execution:
    /// 1. binding deletes: access never waits on anything, not even the audit sink;
    /// 2. the finalizer, then the binding: the status never claims a binding that is not there;
    /// 3. audit records: after the writes they describe, before the status that settles them;
    /// 4. the status, then its Events: once the status is written a retry plans from it and no longer
    ///    sees the transition, so Events recorded any later would be lost whenever what follows
    ///    meets a conflict (the finalizer's patch, when a notification's ledger mark landed first);
    /// 5. what settles the request (the finalizer's removal once it is finished).
    public var steps: [Step] {
        var steps = writes.filter { $0.stage == .revoke }.map(Step.write)
        steps += writes.filter { $0.stage == .prepare }.map(Step.write)
        steps += audit.map(Step.audit)
        if let status { steps.append(.status(status)) }
        steps += events.map(Step.event)
        steps += writes.filter { $0.stage == .settle }.map(Step.write)
        return steps
    }
}

/// One phase change.
public struct PhaseTransition: Hashable, Sendable {
    public var from: AccessRequestPhase?
    public var to: AccessRequestPhase

    public init(from: AccessRequestPhase?, to: AccessRequestPhase) {
        self.from = from
        self.to = to
    }
}
