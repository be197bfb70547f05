/// Carries a `KubeRequest` to an API server. `HTTPTransport` does it over HTTPS with
/// AsyncHTTPClient; tests and `drawbridge dev` may call the emulator in-process instead.
public protocol KubeTransport: Sendable {
    /// Sends a request and collects the whole answer. Throws only when no answer arrived at all
    /// (connection refused, TLS failure, timeout); HTTP error statuses are answers.
    func send(_ request: KubeRequest) async throws -> KubeResponse
    /// Sends a request whose answer streams (watch). For a non-2xx status the stream holds the body.
    func stream(_ request: KubeRequest) async throws -> KubeStreamResponse
}
