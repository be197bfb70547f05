import Foundation

/// A kubeconfig `users[].user.exec` block, resolved: the program that prints a
/// `client.authentication.k8s.io` ExecCredential (`aws eks get-token`, `gke-gcloud-auth-plugin`,
/// `kubelogin`), how to run it, and what to tell it about the cluster.
///
/// Managed clusters (EKS, GKE, AKS) hand out kubeconfigs that authenticate only this way, so a
/// client that cannot run the plugin cannot act as the person at the keyboard. A plain value, so
/// a `ClientConfiguration` stays comparable; `ExecCredentialProvider` runs it.
public struct ExecCredentialPlugin: Sendable, Hashable, CustomStringConvertible {
    /// The ExecCredential versions Drawbridge speaks (v1alpha1 was removed from Kubernetes in 1.24).
    public static let supportedAPIVersions = [
        "client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1",
    ]

    /// Whether the plugin may talk to the person at the terminal (prompt for a password, MFA).
    public enum InteractiveMode: String, Sendable, Hashable {
        /// Never give the plugin the terminal.
        case never = "Never"
        /// Give it the terminal when standard input is one.
        case ifAvailable = "IfAvailable"
        /// The plugin cannot work without a terminal: refuse to run it without one.
        case always = "Always"
    }

    /// What KUBERNETES_EXEC_INFO tells a plugin about the cluster when `provideClusterInfo` is set.
    public struct ClusterInfo: Sendable, Hashable {
        /// The API server's URL.
        public var server: String
        /// The PEM CA bundle the client trusts, sent base64-encoded.
        public var certificateAuthority: [UInt8]?
        /// Whether the client skips server certificate verification.
        public var insecureSkipTLSVerify: Bool

        /// Cluster details as the kubeconfig has them.
        public init(server: String, certificateAuthority: [UInt8]? = nil, insecureSkipTLSVerify: Bool = false) {
            self.server = server
            self.certificateAuthority = certificateAuthority
            self.insecureSkipTLSVerify = insecureSkipTLSVerify
        }
    }

    /// The kubeconfig user's name, for messages.
    public var user: String
    /// `client.authentication.k8s.io/v1` or `v1beta1`: what is sent and what the answer must be.
    public var apiVersion: String
    /// The program as written: a name looked up on PATH, or a path (relative ones resolve against
    /// `directory`, the kubeconfig's folder, as client-go does).
    public var command: String
    /// Its arguments.
    public var args: [String]
    /// Extra environment variables, on top of the caller's environment.
    public var environment: [String: String]
    /// Printed when the program is missing (`exec.installHint`).
    public var installHint: String?
    /// Whether the plugin may use the terminal.
    public var interactiveMode: InteractiveMode
    /// Cluster details for KUBERNETES_EXEC_INFO; nil unless `provideClusterInfo` is set.
    public var cluster: ClusterInfo?
    /// The kubeconfig's folder, against which a relative `command` path is resolved.
    public var directory: String

    /// A plugin as a kubeconfig describes it.
    public init(
        user: String, apiVersion: String, command: String, args: [String] = [], environment: [String: String] = [:],
        installHint: String? = nil, interactiveMode: InteractiveMode = .ifAvailable, cluster: ClusterInfo? = nil,
        directory: String
    ) {
        self.user = user
        self.apiVersion = apiVersion
        self.command = command
        self.args = args
        self.environment = environment
        self.installHint = installHint
        self.interactiveMode = interactiveMode
        self.cluster = cluster
        self.directory = directory
    }

    /// The program to start: `command` itself when it names a path (made absolute against
    /// `directory`), else the first executable of that name on `PATH`; nil when there is none.
    public func executable(searchPath: String?) -> String? {
        if command.contains("/") {
            let path = ConfigurationFiles.resolve(command, relativeTo: directory)
            return FileManager.default.isExecutableFile(atPath: path) ? path : nil
        }
        for folder in (searchPath ?? "").split(separator: ":") where !folder.isEmpty {
            let candidate = URL(fileURLWithPath: String(folder), isDirectory: true).appendingPathComponent(command).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The KUBERNETES_EXEC_INFO value: the ExecCredential request, saying whether the plugin has a
    /// terminal and, when asked for, which cluster it is for.
    public func execInfo(interactive: Bool) -> String {
        var spec: [String: Any] = ["interactive": interactive]
        if let cluster {
            var details: [String: Any] = ["server": cluster.server]
            if let authority = cluster.certificateAuthority {
                details["certificate-authority-data"] = Data(authority).base64EncodedString()
            }
            if cluster.insecureSkipTLSVerify { details["insecure-skip-tls-verify"] = true }
            spec["cluster"] = details
        }
        let object: [String: Any] = ["apiVersion": apiVersion, "kind": "ExecCredential", "spec": spec]
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// `aws eks get-token --cluster-name x`, the way people recognise it in a message.
    public var commandLine: String {
        ([command] + args).joined(separator: " ")
    }

    /// Names the plugin without its environment (which may hold secrets).
    public var description: String { "exec credential plugin \(commandLine)" }
}
