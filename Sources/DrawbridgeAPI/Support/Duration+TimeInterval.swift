import Foundation

extension Duration {
    /// The duration in (fractional) seconds, for arithmetic with `Date`s: expiries, leases and Event
    /// windows are wall-clock instants, while sleeps and delays are `Duration`s. The one conversion
    /// every module uses.
    public var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }

    /// A duration of `seconds` (fractional), rounded up to the nanosecond; never negative, so a
    /// deadline already past means "now", never a negative sleep.
    public init(timeInterval seconds: TimeInterval) {
        self = .nanoseconds(Int64((max(0, seconds) * 1e9).rounded(.up)))
    }
}
