/// Why no usable client configuration could be built: a kubeconfig that names a missing context, a
/// file that cannot be read, a credential plugin that fails. The message is one line, complete
/// enough to print as is (`drawbridge: context "x" not found in /path (contexts: a, b)`).
///
/// A struct with a nested `Code` rather than an enum, so new cases do not break callers' switches.
public struct ClientConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is, for callers that branch (tests, "try the next source" logic).
    public enum Code: String, Sendable, Hashable {
        /// A file the configuration names (kubeconfig, CA, certificate, key, token) cannot be read.
        case unreadableFile
        /// The kubeconfig is not valid YAML or does not have the kubeconfig shape.
        case invalidFile
        /// The requested (or current) context is not in the kubeconfig.
        case contextNotFound
        /// Neither `current-context` nor an explicit context says which context to use.
        case noCurrentContext
        /// The context names a cluster the kubeconfig does not define.
        case clusterNotFound
        /// The context names a user the kubeconfig does not define.
        case userNotFound
        /// The user authenticates in a way Drawbridge does not implement (auth-provider, basic).
        case unsupportedAuthentication
        /// An exec credential plugin is misconfigured, missing, failed, or printed no usable credential.
        case credentialPlugin
        /// A value is malformed: server URL, base64, PEM, contradicting settings.
        case invalidValue
        /// In-cluster configuration was asked for outside a pod, or its files are missing.
        case notInCluster
        /// No source of configuration exists at all.
        case noConfiguration
    }

    /// The kind of problem.
    public var code: Code
    /// The whole one-line message.
    public var message: String

    /// An error of `code` whose printed form is exactly `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message, printed as is.
    public var description: String { message }

    /// The same error with `prefix: ` in front, to name the source it came from.
    func prefixed(_ prefix: String) -> ClientConfigurationError {
        ClientConfigurationError(code, "\(prefix): \(message)")
    }
}
