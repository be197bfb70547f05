import DrawbridgeAPI
import Foundation

/// The short, two-significant-figure ages kubectl shows (`16s`, `5m3s`, `3h`, `2d4h`).
///
/// Exists because ages must read as kubectl prints them: the emulator renders Table cells on the
/// server, and `kubectl drawbridge` renders its own tables, both exactly as
/// `k8s.io/apimachinery/pkg/util/duration.HumanDuration` does, or `kubectl get` output drifts from a
/// real cluster's.
public enum HumanDuration {
    /// Formats a duration like `duration.HumanDuration`: up to 1 s in the future counts as now (`0s`),
    /// further in the future is `<invalid>`; then `Ns` below 2m, `MmSs` below 10m, `Mm` below 3h,
    /// `HhMm` below 8h, `Hh` below 48h, `DdHh` below 8d, `Dd` below 2y, `YyDd` below 8y, else `Yy`.
    /// Zero remainders are dropped (`5m`, not `5m0s`).
    public static func format(_ seconds: TimeInterval) -> String {
        guard seconds.isFinite else { return "<invalid>" }
        // Go converts with truncation toward zero; clamp so absurd inputs cannot overflow Int.
        let clamped = min(max(seconds, -1e15), 1e15)
        let whole = Int(clamped.rounded(.towardZero))
        if whole < -1 { return "<invalid>" }
        if whole < 0 { return "0s" }
        if whole < 60 * 2 { return "\(whole)s" }
        let minutes = whole / 60
        if minutes < 10 {
            let rest = whole % 60
            return rest == 0 ? "\(minutes)m" : "\(minutes)m\(rest)s"
        }
        if minutes < 60 * 3 { return "\(minutes)m" }
        let hours = whole / 3600
        if hours < 8 {
            let rest = minutes % 60
            return rest == 0 ? "\(hours)h" : "\(hours)h\(rest)m"
        }
        if hours < 48 { return "\(hours)h" }
        let days = hours / 24
        if hours < 24 * 8 {
            let rest = hours % 24
            return rest == 0 ? "\(days)d" : "\(days)d\(rest)h"
        }
        if hours < 24 * 365 * 2 { return "\(days)d" }
        let years = days / 365
        if hours < 24 * 365 * 8 {
            let rest = days % 365
            return rest == 0 ? "\(years)y" : "\(years)y\(rest)d"
        }
        return "\(years)y"
    }

    /// The age of an RFC 3339 timestamp at `now`, as built-in printers show it; `<unknown>` when the
    /// timestamp is missing or unreadable (what `translateTimestampSince` prints for a zero time).
    public static func age(of timestamp: JSONValue?, now: Date) -> String {
        guard let text = timestamp?.stringValue, let date = RFC3339.parse(text) else { return "<unknown>" }
        return format(now.timeIntervalSince(date))
    }
}
