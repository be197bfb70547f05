import DrawbridgeAPI
extension HTTPTransport {
    /// The version sent in `User-Agent`, so API server audit logs show which Drawbridge build called.
    public static let version = Drawbridge.release

    /// `drawbridge/<version>`, the default `User-Agent`.
    public static let defaultUserAgent = "drawbridge/\(version)"

    /// Limits and identity of an `HTTPTransport`. The defaults suit a controller: calls that answer
    /// within a minute, watches that stay open for as long as the server keeps them.
    public struct Options: Sendable {
        /// Sent as `User-Agent` on every call.
        public var userAgent: String
        /// How long to wait for the TCP connection and TLS handshake.
        public var connectTimeout: Duration
        /// Limit for a whole non-streaming call, and for a watch until its response headers arrive.
        /// A watch body has no overall limit: it lasts as long as the server keeps it open.
        public var requestTimeout: Duration
        /// Largest body `send` collects; more is an error rather than unbounded memory.
        public var maximumResponseBytes: Int
        /// Connections per host over HTTP/1.1. Each open watch holds one, so this must exceed the
        /// number of concurrent watches or later calls queue behind them.
        public var maximumConnectionsPerHost: Int

        /// The defaults: 10 s to connect, 60 s per call, 64 MiB per answer, 64 connections.
        public init(
            userAgent: String = HTTPTransport.defaultUserAgent, connectTimeout: Duration = .seconds(10),
            requestTimeout: Duration = .seconds(60), maximumResponseBytes: Int = 64 * 1024 * 1024,
            maximumConnectionsPerHost: Int = 64
        ) {
            self.userAgent = userAgent
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.maximumResponseBytes = maximumResponseBytes
            self.maximumConnectionsPerHost = maximumConnectionsPerHost
        }
    }
}
