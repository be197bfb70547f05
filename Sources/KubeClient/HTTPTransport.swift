import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Carries `KubeRequest`s to a real API server over HTTPS (or plain HTTP) with AsyncHTTPClient:
/// the transport `KubeClient` uses outside tests. It owns one pooled `HTTPClient`, trusts the CA
/// bundle it is given, presents a client certificate or a bearer token, and re-reads a token file
/// when the server rejects the token (ServiceAccount tokens rotate).
///
/// - Important: Call `shutdown()` once the transport is no longer used; AsyncHTTPClient traps in
///   debug builds when a client is released while still running.
public final class HTTPTransport: KubeTransport {
    /// The API server's base URL without a trailing slash, e.g. `https://10.96.0.1:443`; a path
    /// prefix (`https://rancher/k8s/clusters/c-1`) is kept in front of every request path.
    public let server: String
    /// Limits and identity in use.
    public let options: Options
    /// Where the bearer token comes from; nil when authenticating by client certificate or not at all.
    public let token: BearerTokenSource?
    /// The exec credential plugin that supplies the bearer token instead, when the kubeconfig has one.
    public let credentialPlugin: ExecCredentialProvider?
    private let client: HTTPClient
    /// `host:port`, for connection error messages.
    private let hostAndPort: String

    /// A transport to `server` (an `https://` or `http://` URL). Malformed URLs and PEM throw here,
    /// not on the first call.
    public init(
        server: String, tls: ClientTLS = ClientTLS(), token: BearerTokenSource? = nil,
        credentialPlugin: ExecCredentialProvider? = nil, options: Options = Options()
    )
        throws(ClientConfigurationError)
    {
        guard let url = URL(string: server), let scheme = url.scheme?.lowercased(),
            scheme == "https" || scheme == "http",
            let host = url.host, !host.isEmpty
        else {
            throw ClientConfigurationError(.invalidValue, "server \"\(server)\" is not an https:// or http:// URL")
        }
        var configuration = HTTPClient.Configuration()
        if scheme == "https" { configuration.tlsConfiguration = try tls.makeTLSConfiguration() }
        // Redirects are not followed, so the Authorization header never travels to wherever one points.
        configuration.redirectConfiguration = .disallow
        // No read timeout: a watch can be quiet for minutes. Calls are bounded by `requestTimeout`.
        configuration.timeout = .init(connect: TimeAmount(options.connectTimeout))
        // Fail a refused or untrusted connection at once; the caller's retry policy decides what next.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = options.maximumConnectionsPerHost
        self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
        self.options = options
        self.token = token
        self.credentialPlugin = credentialPlugin
        self.hostAndPort = "\(host.contains(":") ? "[\(host)]" : host):\(url.port ?? (scheme == "https" ? 443 : 80))"
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Closes every pooled connection and open watch; calls made afterwards fail.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    /// Sends `request` and collects the answer (at most `maximumResponseBytes`) within
    /// `requestTimeout`. A 401 is retried once when the token file (or the exec plugin, run again)
    /// has a new token by then.
    public func send(_ request: KubeRequest) async throws -> KubeResponse {
        let operation = describe(request)
        let bearer = try await currentToken(operation)
        let first = try await collect(request, bearer: bearer, operation: operation)
        guard first.status == 401, let bearer, let renewed = await renewedToken(replacing: bearer) else { return first }
        return try await collect(request, bearer: renewed, operation: operation)
    }

    /// Sends `request` and returns once the response headers arrive; the body then streams chunk by
    /// chunk for as long as the server keeps it open. Ending the iteration (or cancelling the task
    /// iterating) closes the connection. A 401 is retried once, as in `send`.
    public func stream(_ request: KubeRequest) async throws -> KubeStreamResponse {
        let operation = describe(request)
        let bearer = try await currentToken(operation)
        var response = try await execute(request, bearer: bearer, operation: operation)
        if response.status.code == 401, let bearer, let renewed = await renewedToken(replacing: bearer) {
            _ = try? await response.body.collect(upTo: 64 * 1024)
            response = try await execute(request, bearer: renewed, operation: operation)
        }
        let body = response.body
        let host = hostAndPort
        let chunks = AsyncThrowingStream<[UInt8], any Error> { continuation in
            let task = Task {
                do {
                    for try await buffer in body { continuation.yield(Array(buffer.readableBytesView)) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: HTTPTransportError.wrap(error, operation: operation, host: host))
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
        return KubeStreamResponse(status: Int(response.status.code), headers: Self.headers(response), chunks: chunks)
    }

    // MARK: Plumbing

    /// One call, body collected, the whole of it within `requestTimeout`.
    private func collect(_ request: KubeRequest, bearer: String?, operation: String) async throws -> KubeResponse {
        let limit = options.maximumResponseBytes
        let host = hostAndPort
        return try await withThrowingTaskGroup(of: KubeResponse.self) { group in
            group.addTask {
                let response = try await self.execute(request, bearer: bearer, operation: operation)
                do {
                    let body = try await response.body.collect(upTo: limit)
                    return KubeResponse(
                        status: Int(response.status.code), headers: Self.headers(response),
                        body: Array(body.readableBytesView))
                } catch {
                    throw HTTPTransportError.wrap(error, operation: operation, host: host)
                }
            }
            let timeout = options.requestTimeout
            group.addTask {
                try await Task.sleep(for: timeout)
                throw HTTPTransportError(
                    .timeout, operation: operation, message: "no complete answer within \(timeout)")
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            return first
        }
    }

    /// Executes the request until the response headers arrive, mapping failures to `HTTPTransportError`.
    private func execute(_ request: KubeRequest, bearer: String?, operation: String) async throws -> HTTPClientResponse
    {
        do {
            return try await client.execute(
                makeRequest(request, bearer: bearer), deadline: .now() + TimeAmount(options.requestTimeout))
        } catch {
            throw HTTPTransportError.wrap(error, operation: operation, host: hostAndPort)
        }
    }

    private func currentToken(_ operation: String) async throws -> String? {
        do {
            if let credentialPlugin { return try await credentialPlugin.token() }
            return try token?.token()
        } catch {
            throw HTTPTransportError(.credentials, operation: operation, message: error.message)
        }
    }

    /// A token to retry a 401 with, or nil when the source has nothing new.
    private func renewedToken(replacing rejected: String) async -> String? {
        if let credentialPlugin { return await credentialPlugin.token(replacing: rejected) }
        return token?.token(replacing: rejected)
    }
}
