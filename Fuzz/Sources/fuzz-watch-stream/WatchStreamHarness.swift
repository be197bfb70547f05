import DrawbridgeAPI
import FuzzSupport
import KubeClient

/// Watch bodies as the network delivers them (JSON lines, chunked anywhere): any bytes decode into
/// events or throw a `WatchStreamError`, never trap, and how the stream is chunked changes nothing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWatchStream(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = FuzzInput(data, size).bytes
    let whole = decode([bytes])
    let thirds = [bytes.count / 3, bytes.count * 2 / 3]
    let chunked = decode([
        Array(bytes[..<thirds[0]]), Array(bytes[thirds[0]..<thirds[1]]), Array(bytes[thirds[1]...]),
    ])
    invariant(whole.failed == chunked.failed, "chunking changed whether the stream fails")
    if !whole.failed {
        invariant(
            whole.events.count == chunked.events.count && zip(whole.events, chunked.events).allSatisfy(same),
            "chunking changed the events")
    }
    return 0
}

/// The events of a stream delivered as `chunks`, and whether it broke the protocol.
private func decode(_ chunks: [[UInt8]]) -> (events: [WatchEvent<AccessRequest>], failed: Bool) {
    var decoder = WatchStreamDecoder<AccessRequest>()
    var events: [WatchEvent<AccessRequest>] = []
    do {
        for chunk in chunks { events += try decoder.feed(chunk) }
        events += try decoder.finish()
    } catch {
        return (events, true)
    }
    return (events, false)
}

/// Whether two events are the same (`WatchEvent` is not `Equatable`: its payloads are).
private func same(_ a: WatchEvent<AccessRequest>, _ b: WatchEvent<AccessRequest>) -> Bool {
    switch (a, b) {
    case (.added(let x), .added(let y)), (.modified(let x), .modified(let y)), (.deleted(let x), .deleted(let y)):
        return x == y
    case (.bookmark(let x), .bookmark(let y)):
        return x == y
    case (.undecodable(let typeX, let x), .undecodable(let typeY, let y)):
        return typeX == typeY && x.raw == y.raw
    case (.error(let x), .error(let y)):
        return x == y
    default:
        return false
    }
}
