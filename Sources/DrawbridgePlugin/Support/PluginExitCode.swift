/// The exit codes of `kubectl drawbridge`, documented in docs/plugin.md so scripts can tell a
/// refusal from a broken kubeconfig without parsing messages.
public enum PluginExitCode: Int32, Sendable, CaseIterable {
    /// It worked: the request exists, the review was recorded, the answer was printed.
    case success = 0
    /// The cluster said no: the admission webhook or RBAC refused, the object does not exist or
    /// already exists, or (`can-request ROLE`) no policy lets the caller request it.
    case refused = 1
    /// `request --wait` ended without access: the request was Denied, Rejected, TimedOut, Revoked
    /// or Expired, or `--timeout` passed first.
    case notGranted = 2
    /// The cluster could not be asked: the kubeconfig, the credentials (an exec plugin), the
    /// connection, TLS or the server failed.
    case unreachable = 3
    /// The command line is wrong (unknown flag, missing argument): swift-argument-parser's EX_USAGE.
    case usage = 64
}
