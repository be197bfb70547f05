/// The line a request waits in when the client is throttled. Access that must end never waits
/// behind access being given, which never waits behind bookkeeping; Events have a budget of their
/// own (see `RateLimiter`). Set for a stretch of work with `RequestLane.$current.withValue(_:)`.
public enum RequestLane: Int, Comparable, CaseIterable, Sendable, CustomStringConvertible {
    /// Taking access away: binding deletes and the status that records a revocation.
    case revocation
    /// Giving access: the binding, the finalizer that guards it, the status that records the grant.
    case grant
    /// Everything else: other status writes, finalizer removals, reads and watches.
    case normal
    /// Events: best effort, on their own budget, dropped under pressure (the audit log is the record).
    case events

    /// The lane of the requests made in the current task; `normal` unless set.
    @TaskLocal public static var current: RequestLane = .normal

    public static func < (a: RequestLane, b: RequestLane) -> Bool { a.rawValue < b.rawValue }

    public var description: String {
        switch self {
        case .revocation: "revocation"
        case .grant: "grant"
        case .normal: "normal"
        case .events: "events"
        }
    }
}
