import Foundation
import Synchronization

/// Where `HTTPTransport` gets its bearer token: a fixed string, or a file that is re-read because
/// its content changes. In-cluster ServiceAccount tokens are projected and rotated by the kubelet
/// (about hourly); a client that read the file once would start failing with 401 after rotation.
///
/// The file is re-read at most once per `refreshInterval`, and at once when the server rejects the
/// token (`token(replacing:)`), so a rotation is picked up on the next call without polling.
public final class BearerTokenSource: Sendable {
    /// The token file's path; nil for a fixed token.
    public let path: String?
    /// How long a token read from the file is used before the file is read again.
    public let refreshInterval: Duration
    private let fixed: String
    private let elapsed: @Sendable () -> Duration
    private let state = Mutex(Cached())

    private struct Cached {
        var token: String?
        /// Clock time (since the source was made) of the last read, successful or not.
        var readAt: Duration = .zero
    }

    /// A token that never changes (kubeconfig `token`, `--token`).
    public init(token: String) {
        self.path = nil
        self.fixed = token
        self.refreshInterval = .zero
        self.elapsed = { .zero }
    }

    /// A token read from `path` and re-read every `refreshInterval` (kubeconfig `tokenFile`, the
    /// in-cluster ServiceAccount token).
    public convenience init(tokenFile path: String, refreshInterval: Duration = .seconds(60)) {
        self.init(tokenFile: path, refreshInterval: refreshInterval, clock: ContinuousClock())
    }

    /// As `init(tokenFile:refreshInterval:)` on an injected clock, so tests control when the file is
    /// considered stale.
    public init<C: Clock<Duration>>(tokenFile path: String, refreshInterval: Duration = .seconds(60), clock: C) {
        self.path = path
        self.fixed = ""
        self.refreshInterval = refreshInterval
        let origin = clock.now
        self.elapsed = { origin.duration(to: clock.now) }
    }

    /// The token to send now: the cached one while it is fresh, else the file's current content.
    /// Throws only when the file has never been readable; a later read failure keeps the last token.
    public func token() throws(ClientConfigurationError) -> String {
        guard let path else { return fixed }
        let now = elapsed()
        let cached = state.withLock { cached -> String? in
            guard let token = cached.token, now - cached.readAt < refreshInterval else { return nil }
            return token
        }
        if let cached { return cached }
        return try reload(path, now: now)
    }

    /// After the server answered 401 to `rejected`: re-reads the file at once and returns the token
    /// to retry with, or nil when there is nothing new to try (fixed token, or the file still holds
    /// the rejected one). A token another request already refreshed counts as new.
    public func token(replacing rejected: String) -> String? {
        guard let path else { return nil }
        guard let fresh = try? reload(path, now: elapsed()), fresh != rejected else { return nil }
        return fresh
    }

    private func reload(_ path: String, now: Duration) throws(ClientConfigurationError) -> String {
        let result = Result { () throws(ClientConfigurationError) -> String in try Self.read(path) }
        return try state.withLock { cached throws(ClientConfigurationError) -> String in
            cached.readAt = now
            switch result {
            case .success(let token):
                cached.token = token
                return token
            case .failure(let error):
                // A rotation replaces the file by renaming a symlink; a read that races it should
                // not fail calls while the previous token is still valid.
                guard let previous = cached.token else { throw error }
                return previous
            }
        }
    }

    /// The trimmed content of a token file; an empty file is an error, as kubelet never writes one.
    static func read(_ path: String) throws(ClientConfigurationError) -> String {
        let bytes = try ConfigurationFiles.read(path, what: "token file")
        let token = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw ClientConfigurationError(.invalidValue, "token file \(path) is empty") }
        return token
    }
}
