import DrawbridgeAPI

/// One event of a watch stream, typed.
public enum WatchEvent<R: KubeResource>: Sendable {
    case added(R)
    case modified(R)
    case deleted(R)
    /// A BOOKMARK: nothing changed, but the stream has reached `resourceVersion`.
    case bookmark(resourceVersion: String)
    /// An object of the watched type that could not be decoded; `type` is ADDED/MODIFIED/DELETED.
    case undecodable(type: String, UndecodableObject)
    /// An ERROR event: the server ended the watch with this Status (410 Expired means relist).
    case error(APIStatus)
}
