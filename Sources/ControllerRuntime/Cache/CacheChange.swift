import DrawbridgeAPI
import KubeClient

/// What changed in the cache; handlers get these after the cache is updated, so a handler that reads
/// the cache already sees the new state. Handlers of a level-based controller usually only enqueue
/// the key (`change.key`).
public enum CacheChange<R: KubeResource>: Sendable {
    /// An object was added or changed; `old` is what the cache held before (nil when new).
    case upserted(R, old: R?)
    /// An object was deleted; carries its last state.
    case deleted(R)
    /// An ADDED/MODIFIED object that is not a valid `R`. It is no longer in `get`/`list`.
    case undecodable(UndecodableObject)
    /// An undecodable object was deleted or became valid again.
    case removedUndecodable(key: ObjectKey)

    /// The key of the object the change is about: what a handler puts on the work queue.
    public var key: ObjectKey {
        switch self {
        case .upserted(let object, _), .deleted(let object): object.key
        case .undecodable(let object): object.key
        case .removedUndecodable(let key): key
        }
    }
}
