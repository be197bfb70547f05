import ControllerRuntime
import DrawbridgeAPI
import KubeClient
import Synchronization

/// A cache change reduced to what tests assert on.
enum Seen: Hashable, Sendable, CustomStringConvertible {
    case added(ObjectKey)
    case updated(ObjectKey)
    case deleted(ObjectKey)
    case undecodable(ObjectKey)
    case removedUndecodable(ObjectKey)

    init<R: KubeResource>(_ change: CacheChange<R>) {
        switch change {
        case .upserted(let object, let old): self = old == nil ? .added(object.key) : .updated(object.key)
        case .deleted(let object): self = .deleted(object.key)
        case .undecodable(let object): self = .undecodable(object.key)
        case .removedUndecodable(let key): self = .removedUndecodable(key)
        }
    }

    var description: String {
        switch self {
        case .added(let key): "added \(key)"
        case .updated(let key): "updated \(key)"
        case .deleted(let key): "deleted \(key)"
        case .undecodable(let key): "undecodable \(key)"
        case .removedUndecodable(let key): "removedUndecodable \(key)"
        }
    }
}

/// Collects an informer's changes: as a list to inspect, and as a stream to await.
final class ChangeLog: Sendable {
    private let seen = Mutex<[Seen]>([])
    let stream: AsyncStream<Seen>
    private let continuation: AsyncStream<Seen>.Continuation

    init<R: KubeResource>(_ informer: Informer<R>) {
        (stream, continuation) = AsyncStream.makeStream(of: Seen.self)
        informer.addHandler { change in self.record(Seen(change)) }
    }

    private func record(_ item: Seen) {
        seen.withLock { $0.append(item) }
        continuation.yield(item)
    }

    /// Everything seen so far.
    var all: [Seen] { seen.withLock { $0 } }

    func contains(_ item: Seen) -> Bool { all.contains(item) }
}

/// Awaits the next `count` changes from `iterator`.
func next(_ count: Int, from iterator: inout AsyncStream<Seen>.Iterator) async -> [Seen] {
    var result: [Seen] = []
    while result.count < count, let item = await iterator.next() { result.append(item) }
    return result
}
