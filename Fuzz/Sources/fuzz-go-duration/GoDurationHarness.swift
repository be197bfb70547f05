import DrawbridgeCore
import FuzzSupport

/// Go durations (`spec.duration`, `maxDuration`, `approval.timeout`, the leader-election flags): any
/// text parses or throws, never traps; what parses prints in Go's form, and that form parses back to
/// the same value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGoDuration(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = FuzzInput(data, size).text
    _ = try? GoDuration.parse(text)
    guard let value = try? GoDuration.parse(text, allowNegative: true) else { return 0 }
    let printed = GoDuration.format(value)
    let reparsed = try? GoDuration.parse(printed, allowNegative: true)
    invariant(
        reparsed == value,
        "\"\(text)\" parsed as \(value), printed \"\(printed)\", which parses as \(String(describing: reparsed))")
    _ = GoDuration.humanize(value)
    return 0
}
