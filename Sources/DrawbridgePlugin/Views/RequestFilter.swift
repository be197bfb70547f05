import DrawbridgeAPI
import DrawbridgeCore
import Foundation

/// Which AccessRequests `kubectl drawbridge ls` shows: `--mine`, `--to-review` and `--active`,
/// combined with AND. `--to-review` is the reviewer's inbox: exactly the requests the admission
/// webhook would let the caller approve (or, for break-glass grants, ratify) now, decided by
/// `ReviewEligibility` and the policy engine.
public struct RequestFilter: Sendable, Hashable {
    /// Only requests the caller made.
    public var mine = false
    /// Only requests the caller may approve now.
    public var toReview = false
    /// Only live grants (phase Active).
    public var active = false

    /// A filter with the given switches.
    public init(mine: Bool = false, toReview: Bool = false, active: Bool = false) {
        self.mine = mine
        self.toReview = toReview
        self.active = active
    }

    /// Whether the caller's identity is needed (for `--mine` and `--to-review`).
    public var needsIdentity: Bool { mine || toReview }

    /// The requests that pass, in namespace then name order. `context` is required for
    /// `--to-review`; `caller` for `--mine` and `--to-review`.
    public func apply(
        _ requests: [AccessRequest], caller: CallerIdentity?, context: PolicyContext?, now: Date? = nil
    ) -> [AccessRequest] {
        let sorted = requests.sorted {
            ($0.metadata.namespace ?? "", $0.metadata.name ?? "") < (
                $1.metadata.namespace ?? "", $1.metadata.name ?? ""
            )
        }
        return sorted.filter { request in
            if active, request.status?.phase != .active { return false }
            if mine, request.spec.requester?.username != caller?.username { return false }
            if toReview {
                guard let caller, let context else { return false }
                return Self.awaitsReview(request, by: caller, context: context, now: now)
            }
            return true
        }
    }

    /// True when `caller` could approve `request` now, or ratify its break-glass access, by the
    /// webhook's rules. With `now`, a live grant whose extension waits for the caller counts too.
    public static func awaitsReview(
        _ request: AccessRequest, by caller: CallerIdentity, context: PolicyContext, now: Date? = nil
    ) -> Bool {
        ReviewEligibility.awaitsReview(
            request, reviewer: caller.username, groups: caller.groups,
            evaluate: { context.evaluate(request, mode: $0) }, policies: context.policies,
            isAuthentic: Self.looksSigned, now: now.map(KubeTime.init))
    }

    /// Whether a recorded review carries the webhook's signature. Only the controller holds the key
    /// to verify it; a record without any signature never counts, so a client can at least skip those.
    public static func looksSigned(_ record: ApprovalRecord) -> Bool {
        !(record.signature ?? "").isEmpty
    }
}
