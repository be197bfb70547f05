extension KubeconfigFile {
    /// One named entry of the `clusters`, `users` or `contexts` list, in file order.
    public struct Named<Value: Sendable & Hashable>: Sendable, Hashable {
        /// The entry's `name`.
        public var name: String
        /// The entry's `cluster`, `user` or `context` block.
        public var value: Value
    }

    /// A `clusters[].cluster` block: where the API server is and how to trust it.
    public struct Cluster: Decodable, Sendable, Hashable {
        /// The API server's URL.
        public var server: String?
        /// Path of a PEM CA bundle, relative to the kubeconfig's folder when not absolute.
        public var certificateAuthority: String?
        /// Base64 of a PEM CA bundle; wins over `certificateAuthority`.
        public var certificateAuthorityData: String?
        /// Skips server certificate verification; refused together with a CA, as kubectl does.
        public var insecureSkipTLSVerify: Bool?

        enum CodingKeys: String, CodingKey {
            case server
            case certificateAuthority = "certificate-authority"
            case certificateAuthorityData = "certificate-authority-data"
            case insecureSkipTLSVerify = "insecure-skip-tls-verify"
        }
    }

    /// A `users[].user` block: the credentials. Auth-providers and basic auth are decoded only to be
    /// refused clearly.
    public struct User: Decodable, Sendable, Hashable {
        /// A fixed bearer token.
        public var token: String?
        /// Path of a token file, re-read as it rotates; wins over `token` as in client-go.
        public var tokenFile: String?
        /// Path of the PEM client certificate, relative to the kubeconfig's folder when not absolute.
        public var clientCertificate: String?
        /// Base64 of the PEM client certificate; wins over `clientCertificate`.
        public var clientCertificateData: String?
        /// Path of the PEM client key, relative to the kubeconfig's folder when not absolute.
        public var clientKey: String?
        /// Base64 of the PEM client key; wins over `clientKey`.
        public var clientKeyData: String?
        /// Basic authentication (removed from Kubernetes in 1.19): decoded only to be refused.
        public var username: String?
        /// Basic authentication password, refused with `username`.
        public var password: String?
        /// An exec credential plugin, run for a token.
        public var exec: Exec?
        /// A legacy auth-provider, refused with a message naming it.
        public var authProvider: AuthProvider?

        enum CodingKeys: String, CodingKey {
            case token, tokenFile, username, password, exec
            case clientCertificate = "client-certificate"
            case clientCertificateData = "client-certificate-data"
            case clientKey = "client-key"
            case clientKeyData = "client-key-data"
            case authProvider = "auth-provider"
        }
    }

    /// An exec credential plugin (`aws eks get-token`, `gke-gcloud-auth-plugin`), run for a token.
    public struct Exec: Decodable, Sendable, Hashable {
        /// `client.authentication.k8s.io/v1` or `v1beta1`.
        public var apiVersion: String?
        /// The plugin's program: a name on PATH or a path (relative to the kubeconfig's folder).
        public var command: String?
        /// The plugin's arguments.
        public var args: [String]?
        /// Extra environment variables for the plugin.
        public var env: [EnvVar]?
        /// Shown when the program is missing.
        public var installHint: String?
        /// Whether KUBERNETES_EXEC_INFO carries the cluster's server and CA.
        public var provideClusterInfo: Bool?
        /// `Never`, `IfAvailable` or `Always`: whether the plugin may use the terminal.
        public var interactiveMode: String?
    }

    /// One `exec.env` entry.
    public struct EnvVar: Decodable, Sendable, Hashable {
        /// The variable's name.
        public var name: String
        /// Its value.
        public var value: String?
    }

    /// A legacy auth-provider (`gcp`, `azure`, `oidc`): unsupported.
    public struct AuthProvider: Decodable, Sendable, Hashable {
        /// The provider's name, named in the error.
        public var name: String?
    }

    /// A `contexts[].context` block: which cluster, which user, which namespace.
    public struct Context: Decodable, Sendable, Hashable {
        /// Name of an entry in `clusters`.
        public var cluster: String?
        /// Name of an entry in `users`; empty means anonymous.
        public var user: String?
        /// The default namespace for this context; `default` when unset.
        public var namespace: String?
    }

    /// The file as YAML has it, before entries are turned into `Named` values.
    struct Document: Decodable {
        struct ClusterEntry: Decodable {
            var name: String
            var cluster: Cluster?
        }
        struct UserEntry: Decodable {
            var name: String
            var user: User?
        }
        struct ContextEntry: Decodable {
            var name: String
            var context: Context?
        }
        var clusters: [ClusterEntry]?
        var users: [UserEntry]?
        var contexts: [ContextEntry]?
        var currentContext: String?

        enum CodingKeys: String, CodingKey {
            case clusters, users, contexts
            case currentContext = "current-context"
        }
    }
}
