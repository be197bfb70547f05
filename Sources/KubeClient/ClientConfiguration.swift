/// Everything needed to reach one API server as one identity: the server URL, TLS material,
/// credentials and the default namespace. Loaders build it from a kubeconfig or from the pod's
/// ServiceAccount (`ClientConfiguration.load`); `makeTransport()` turns it into an `HTTPTransport`.
///
/// A plain value, so tests compare what a loader produced without opening a connection.
public struct ClientConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// How the client proves who it is, besides a client certificate in `tls`.
    public enum Authentication: Sendable, Hashable, CustomStringConvertible {
        /// No bearer token (anonymous, or a client certificate alone).
        case none
        /// A token that does not change.
        case bearerToken(String)
        /// A token file re-read as it rotates (kubeconfig `tokenFile`, in-cluster ServiceAccount token).
        case bearerTokenFile(path: String)
        /// A token printed by an exec credential plugin, cached until it expires (EKS, GKE, AKS).
        case exec(ExecCredentialPlugin)

        /// Never prints the token itself, so configurations can be logged.
        public var description: String {
            switch self {
            case .none: "none"
            case .bearerToken: "bearer token (redacted)"
            case .bearerTokenFile(let path): "bearer token file \(path)"
            case .exec(let plugin): "\(plugin)"
            }
        }
    }

    /// The API server's base URL, e.g. `https://10.96.0.1:443`.
    public var server: String
    /// CA bundle, client certificate and verification setting.
    public var tls: ClientTLS
    /// Bearer token, token file, or none.
    public var authentication: Authentication
    /// The namespace to use when a command names none: the kubeconfig context's, the pod's own, or
    /// `default`.
    public var namespace: String
    /// Where this configuration came from, for logs and errors: `kubeconfig /path (context kind)`,
    /// `in-cluster ServiceAccount`.
    public var source: String

    /// A configuration built by hand (tests, flags).
    public init(
        server: String, tls: ClientTLS = ClientTLS(), authentication: Authentication = .none,
        namespace: String = "default", source: String = "explicit configuration"
    ) {
        self.server = server
        self.tls = tls
        self.authentication = authentication
        self.namespace = namespace
        self.source = source
    }

    /// An `HTTPTransport` for this configuration; a token file is re-read every `tokenRefreshInterval`
    /// and after any 401, an exec plugin's token once it expires and after any 401. Call `shutdown()`
    /// on it when done.
    public func makeTransport(
        options: HTTPTransport.Options = HTTPTransport.Options(), tokenRefreshInterval: Duration = .seconds(60)
    ) throws(ClientConfigurationError) -> HTTPTransport {
        var token: BearerTokenSource?
        var plugin: ExecCredentialProvider?
        switch authentication {
        case .none: break
        case .bearerToken(let value): token = BearerTokenSource(token: value)
        case .bearerTokenFile(let path):
            token = BearerTokenSource(tokenFile: path, refreshInterval: tokenRefreshInterval)
        case .exec(let exec): plugin = ExecCredentialProvider(plugin: exec)
        }
        do {
            return try HTTPTransport(server: server, tls: tls, token: token, credentialPlugin: plugin, options: options)
        } catch {
            throw error.prefixed(source)
        }
    }

    /// One line for start-up logs, with the token redacted.
    public var description: String {
        "\(server) (\(source), auth: \(authentication), namespace: \(namespace))"
    }
}
