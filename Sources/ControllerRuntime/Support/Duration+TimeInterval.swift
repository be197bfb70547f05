import Foundation

extension Duration {
    /// The duration in seconds, for arithmetic with `Date`s (leases and Event windows are compared
    /// against wall-clock timestamps).
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
