import DrawbridgeAPI
import Foundation

/// What the controller observed about a request's RoleBinding.
public enum BindingState: Hashable, Sendable {
    /// No binding exists.
    case missing
    /// A binding exists and matches what the grant needs.
    case current
    /// A binding exists but someone edited it (subjects, roleRef, labels or annotations differ).
    case drifted
}

/// A write the controller must make to keep the grant true to the request.
public enum GrantAction: Hashable, Sendable {
    /// Create or restore the RoleBinding described by `GrantPlanner.desiredBinding`.
    case ensureBinding
    /// Delete the RoleBinding.
    case removeBinding
}

/// An Event (and audit record) to write: one per transition or repair.
public struct AuditNote: Hashable, Sendable {
    public var type: Event.EventType
    /// CamelCase: Requested, Rejected, Approved, Denied, Granted, Expired, Revoked, TimedOut,
    /// TamperReverted, OrphanRemoved, GrantShortened.
    public var reason: String
    public var message: String

    public init(_ type: Event.EventType, _ reason: String, _ message: String) {
        self.type = type
        self.reason = reason
        self.message = message
    }
}

/// The state machine's answer: the next status, the writes to make, and when to look again.
public struct ApprovalOutcome: Hashable, Sendable {
    /// The complete next status; equal to the input status when nothing changed (then write nothing).
    public var status: AccessRequestStatus
    public var actions: [GrantAction]
    public var notes: [AuditNote]
    /// The phase change, if any.
    public var transition: Transition?
    /// When the request must be reconciled again even if nothing changes (deadline or expiry); nil to
    /// wait for a change.
    public var nextCheck: Date?
    /// The vote count behind the decision, for messages and warnings about ignored reviews.
    public var tally: ApprovalTally?

    public init(
        status: AccessRequestStatus, actions: [GrantAction] = [], notes: [AuditNote] = [],
        transition: Transition? = nil,
        nextCheck: Date? = nil, tally: ApprovalTally? = nil
    ) {
        self.status = status
        self.actions = actions
        self.notes = notes
        self.transition = transition
        self.nextCheck = nextCheck
        self.tally = tally
    }

    /// One phase change.
    public struct Transition: Hashable, Sendable {
        public var from: AccessRequestPhase?
        public var to: AccessRequestPhase

        public init(from: AccessRequestPhase?, to: AccessRequestPhase) {
            self.from = from
            self.to = to
        }
    }
}
