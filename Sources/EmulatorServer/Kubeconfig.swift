import Foundation
import Yams

/// Renders a kubeconfig with one context per user, pointing at the emulator, so
/// `kubectl --context alice ...` works the moment the server is up.
///
/// Encoded with Yams, so a user name or token that YAML would read as something else (`true`, `123`,
/// `a: b`, `#x`, quotes, leading spaces) is quoted and reads back exactly as written.
public struct Kubeconfig: Sendable {
    /// One user and its bearer token.
    public struct User: Sendable {
        public var name: String
        public var token: String
        public init(name: String, token: String) {
            self.name = name
            self.token = token
        }
    }

    public var server: String
    /// PEM of the CA that signed the server certificate; nil for plain HTTP.
    public var caPEM: String?
    public var users: [User]
    public var currentContext: String
    public var clusterName: String

    public init(
        server: String, caPEM: String?, users: [User], currentContext: String, clusterName: String = "drawbridge"
    ) {
        self.server = server
        self.caPEM = caPEM
        self.users = users
        self.currentContext = currentContext
        self.clusterName = clusterName
    }

    /// The YAML text kubectl reads.
    public func yaml() throws -> String {
        let cluster = Document.Cluster(
            server: server, certificateAuthorityData: caPEM.map { Data($0.utf8).base64EncodedString() })
        let document = Document(
            clusters: [.init(name: clusterName, cluster: cluster)],
            contexts: users.map {
                .init(name: $0.name, context: .init(cluster: clusterName, user: $0.name, namespace: "default"))
            },
            currentContext: currentContext,
            users: users.map { .init(name: $0.name, user: .init(token: $0.token)) })
        return try YAMLEncoder().encode(document)
    }

    /// Writes the kubeconfig with owner-only permissions (it holds credentials).
    public func write(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(try yaml().utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }
}

extension Kubeconfig {
    /// The file's shape, with kubectl's key names, in the order kubectl writes them.
    struct Document: Encodable {
        struct Cluster: Encodable {
            var server: String
            var certificateAuthorityData: String?

            enum CodingKeys: String, CodingKey {
                case server
                case certificateAuthorityData = "certificate-authority-data"
            }
        }
        struct NamedCluster: Encodable {
            var name: String
            var cluster: Cluster
        }
        struct Context: Encodable {
            var cluster: String
            var user: String
            var namespace: String
        }
        struct NamedContext: Encodable {
            var name: String
            var context: Context
        }
        struct Credentials: Encodable { var token: String }
        struct NamedUser: Encodable {
            var name: String
            var user: Credentials
        }

        var apiVersion = "v1"
        var kind = "Config"
        var clusters: [NamedCluster]
        var contexts: [NamedContext]
        var currentContext: String
        var users: [NamedUser]

        enum CodingKeys: String, CodingKey {
            case apiVersion, kind, clusters, contexts, users
            case currentContext = "current-context"
        }
    }
}
