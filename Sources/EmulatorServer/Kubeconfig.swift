import Foundation

/// Renders a kubeconfig with one context per user, pointing at the emulator, so
/// `kubectl --context alice ...` works the moment the server is up.
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

    /// The YAML text.
    public var yaml: String {
        var lines = [
            "apiVersion: v1", "kind: Config", "clusters:", "- name: \(clusterName)", "  cluster:",
            "    server: \(server)",
        ]
        if let caPEM { lines.append("    certificate-authority-data: \(Data(caPEM.utf8).base64EncodedString())") }
        lines.append("contexts:")
        for user in users {
            lines += [
                "- name: \(user.name)", "  context:", "    cluster: \(clusterName)", "    user: \(user.name)",
                "    namespace: default",
            ]
        }
        lines.append("current-context: \(currentContext)")
        lines.append("users:")
        for user in users {
            lines += ["- name: \(user.name)", "  user:", "    token: \(user.token)"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the kubeconfig with owner-only permissions (it holds credentials).
    public func write(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(yaml.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }
}
