import DrawbridgeAPI
import Foundation

/// What the rules about one requester need to know of their other requests: enough to apply a
/// break-glass cooldown and a cap on unfinished requests, gathered from the caches by the caller.
public struct RequestSummary: Hashable, Sendable {
    /// `AccessRequest` or `ClusterAccessRequest`.
    public var kind: String
    public var key: ObjectKey
    public var uid: String?
    public var requester: String
    public var createdAt: KubeTime?
    public var phase: AccessRequestPhase?
    public var breakGlass: Bool
    public var grantedAt: KubeTime?

    public init(
        kind: String, key: ObjectKey, uid: String?, requester: String, createdAt: KubeTime?,
        phase: AccessRequestPhase?, breakGlass: Bool, grantedAt: KubeTime?
    ) {
        self.kind = kind
        self.key = key
        self.uid = uid
        self.requester = requester
        self.createdAt = createdAt
        self.phase = phase
        self.breakGlass = breakGlass
        self.grantedAt = grantedAt
    }

    /// The summary of `request`.
    public init(_ request: AccessRequest) {
        self.init(
            kind: request.kindName, key: request.key, uid: request.metadata.uid,
            requester: request.spec.requester?.username ?? "", createdAt: request.metadata.creationTimestamp,
            phase: request.status?.phase, breakGlass: request.spec.breakGlass == true,
            grantedAt: request.status?.grantedAt)
    }

    /// Not finished yet: waiting, scheduled or granted (or not decided at all).
    public var isUnfinished: Bool { phase.map { !$0.isTerminal } ?? true }

    /// `AccessRequest demo/x`, for messages.
    public var name: String { "\(kind) \(key)" }
}

/// The rules about a requester's other requests, asked the same way by the planner (of a new
/// request) and the webhook (of a create).
public enum RequesterHistory {
    /// Why the request `key`, created at `createdAt`, may not be had under `terms`: the requester
    /// already has `terms.activeLimit` unfinished requests. Counted are the others still Pending,
    /// Approved or Active, and the undecided ones created before it (the earlier ones win, so two
    /// created together are not both refused). Nil when it may.
    public static func limitRefusal(
        _ terms: GrantTerms, requester: String, key: ObjectKey, createdAt: KubeTime?, others: [RequestSummary]
    ) -> Rejection? {
        guard let limit = terms.activeLimit else { return nil }
        let open = others.filter { other in
            guard other.requester == requester, other.key != key, other.isUnfinished else { return false }
            return other.phase != nil || isEarlier(other, than: key, createdAt: createdAt)
        }
        guard open.count >= limit.maximum else { return nil }
        let names = open.map(\.key.description).sorted()
        let shown = names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", ..." : "")
        return Rejection(
            .tooManyActiveRequests,
            "\(requester) already has \(open.count) unfinished AccessRequest(s) (\(shown)); \(limit.source) allows at most \(limit.maximum) at once per requester: revoke one or let it end first"
        )
    }

    /// Until when `request`, a break-glass grant governed by `terms`, must stay in the cluster: the
    /// cooldown is judged from the requester's requests still present, so deleting this one earlier
    /// would let them break glass again at once. Nil when nothing holds it (not break-glass, never
    /// granted, or no cooldown).
    public static func cooldownHold(of request: AccessRequest, under terms: GrantTerms) -> KubeTime? {
        guard request.spec.breakGlass == true, let cooldown = terms.breakGlass?.cooldown,
            let grantedAt = request.status?.grantedAt
        else { return nil }
        return KubeTime(grantedAt.date.addingTimeInterval(cooldown.timeInterval))
    }

    /// True when `other`, not decided yet, came before the request `key` created at `createdAt`
    /// (by creation time, then key): of requests made together the earlier one wins. A request not
    /// created yet (`createdAt` nil: at admission) comes after every one that exists.
    static func isEarlier(_ other: RequestSummary, than key: ObjectKey, createdAt: KubeTime?) -> Bool {
        guard let mine = createdAt, let theirs = other.createdAt else { return true }
        return theirs < mine || (theirs == mine && other.key.description < key.description)
    }

    /// Why `terms`, a break-glass grant, may not be given now to the request `key` created at
    /// `createdAt`: the requester broke glass within the policy's cooldown, or is breaking glass
    /// with an earlier request not decided yet (so that several created at once are not all granted
    /// before any shows as granted). Nil when it may.
    public static func cooldownRefusal(
        _ terms: GrantTerms, requester: String, key: ObjectKey, createdAt: KubeTime?, others: [RequestSummary],
        now: KubeTime
    ) -> Rejection? {
        guard let cooldown = terms.breakGlass?.cooldown else { return nil }
        let since = now.date.addingTimeInterval(-cooldown.timeInterval)
        let mine = others.filter { $0.breakGlass && $0.requester == requester && $0.key != key }
        let every = "AccessPolicy \"\(terms.policy)\" allows it once every \(GoDuration.humanize(cooldown)) per person"
        if let pending = mine.filter({ $0.phase == nil && isEarlier($0, than: key, createdAt: createdAt) })
            .min(by: { $0.key.description < $1.key.description })
        {
            return Rejection(
                .breakGlassCooldown,
                "\(requester) is already breaking glass with \(pending.name), not decided yet; \(every)")
        }
        let recent = mine.compactMap { other -> (RequestSummary, KubeTime)? in
            guard let at = other.grantedAt, at.date > since else { return nil }
            return (other, at)
        }
        guard let (last, at) = recent.max(by: { $0.1 < $1.1 }) else { return nil }
        let next = KubeTime(at.date.addingTimeInterval(cooldown.timeInterval))
        return Rejection(
            .breakGlassCooldown,
            "\(requester) broke glass at \(at) (\(last.name)); \(every), so not again before \(next)")
    }
}
